package io.capstan.apiserver.table;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.capstan.common.json.Json;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * Cells of upstream's printers (pkg/printers/internalversion) for the kinds whose formats have rules: the
 * age column is left out, every other cell is compared.
 */
class WorkloadTablesTest {

    private static ObjectNode obj(String singleQuoted) {
        return (ObjectNode) Json.tree(singleQuoted.replace('\'', '"').getBytes(StandardCharsets.UTF_8));
    }

    static Stream<Arguments> rows() {
        return Stream.of(
                arguments("service, ClusterIP with node-less ports", new ServiceTable(),
                        "{'metadata':{'name':'s'},'spec':{'type':'ClusterIP','clusterIP':'10.0.0.1','clusterIPs':['10.0.0.1'],'ports':[{'port':80,'protocol':'TCP'},"
                                + "{'port':53,'protocol':'UDP'}],'selector':{'app':'a'}}}",
                        List.of("s", "ClusterIP", "10.0.0.1", "<none>", "80/TCP,53/UDP", "app=a")),
                arguments("service, NodePort", new ServiceTable(),
                        "{'metadata':{'name':'s'},'spec':{'type':'NodePort','clusterIP':'10.0.0.2','clusterIPs':['10.0.0.2'],'ports':[{'port':80,'nodePort':30080,'protocol':'TCP'}]}}",
                        List.of("s", "NodePort", "10.0.0.2", "<none>", "80:30080/TCP", "<none>")),
                arguments("service, LoadBalancer without ingress is pending", new ServiceTable(),
                        "{'metadata':{'name':'s'},'spec':{'type':'LoadBalancer','ports':[]}}",
                        List.of("s", "LoadBalancer", "<none>", "<pending>", "<none>", "<none>")),
                arguments("service, ExternalName", new ServiceTable(),
                        "{'metadata':{'name':'s'},'spec':{'type':'ExternalName','externalName':'db.example.com'}}",
                        List.of("s", "ExternalName", "<none>", "db.example.com", "<none>", "<none>")),
                arguments("job, running, default completions", new JobTable(),
                        "{'metadata':{'name':'j'},'spec':{'completions':3,'template':{'spec':{'containers':[{'name':'c','image':'i'}]}},"
                                + "'selector':{'matchLabels':{'k':'v'}}},'status':{'succeeded':1}}",
                        List.of("j", "Running", "1/3", "", "c", "i", "k=v")),
                arguments("job, complete with a duration", new JobTable(),
                        "{'metadata':{'name':'j'},'spec':{'parallelism':2},'status':{'succeeded':2,'startTime':'2024-01-01T00:00:00Z',"
                                + "'completionTime':'2024-01-01T00:00:42Z','conditions':[{'type':'Complete','status':'True'}]}}",
                        List.of("j", "Complete", "2/1 of 2", "42s", "", "", "<none>")),
                arguments("ingress, TLS and many hosts", new IngressTable(),
                        "{'metadata':{'name':'i'},'spec':{'ingressClassName':'nginx','tls':[{}],'rules':[{'host':'a'},{'host':'b'},{'host':'c'},{'host':'d'}]},"
                                + "'status':{'loadBalancer':{'ingress':[{'ip':'1.2.3.4'}]}}}",
                        List.of("i", "nginx", "a,b,c + 1 more...", "1.2.3.4", "80, 443")),
                arguments("ingress, no hosts", new IngressTable(), "{'metadata':{'name':'i'},'spec':{}}",
                        List.of("i", "<none>", "*", "", "80")),
                arguments("pdb, max unavailable", new PodDisruptionBudgetTable(),
                        "{'metadata':{'name':'p'},'spec':{'maxUnavailable':'10%'},'status':{'disruptionsAllowed':2}}",
                        List.of("p", "N/A", "10%", 2L)),
                arguments("csr, approved and issued", new CertificateSigningRequestTable(),
                        "{'metadata':{'name':'c'},'spec':{'signerName':'s','username':'u'},'status':{'certificate':'eA==',"
                                + "'conditions':[{'type':'Approved','status':'True'}]}}",
                        List.of("c", "s", "u", "<none>", "Approved,Issued")),
                arguments("csr, pending but issued and failed", new CertificateSigningRequestTable(),
                        "{'metadata':{'name':'c'},'spec':{'expirationSeconds':3600},'status':{'certificate':'eA==',"
                                + "'conditions':[{'type':'Failed','status':'True'}]}}",
                        List.of("c", "<none>", "", "60m", "Pending,Failed,Issued")),
                arguments("cronjob, suspend printed as True/False", new CronJobTable(),
                        "{'metadata':{'name':'cj'},'spec':{'schedule':'@daily','suspend':false,'timeZone':'Etc/UTC'},'status':{'active':[{}]}}",
                        List.of("cj", "@daily", "Etc/UTC", "False", 1L, "<none>", "", "", "<none>")),
                arguments("csi storage capacity, no age column", new CSIStorageCapacityTable(),
                        "{'metadata':{'name':'cap'},'storageClassName':'fast'}", List.of("cap", "fast", "<unset>")),
                arguments("flow schema without distinguisher", new FlowSchemaTable(),
                        "{'metadata':{'name':'f'},'spec':{'priorityLevelConfiguration':{'name':'pl'},'matchingPrecedence':500}}",
                        List.of("f", "pl", 500L, "<none>", "?")),
                arguments("endpoint slice, named and unnamed ports", new EndpointSliceTable(),
                        "{'metadata':{'name':'es'},'addressType':'IPv4','ports':[{'name':'http'},{}],'endpoints':[]}",
                        List.of("es", "IPv4", "http,*", "<unset>")),
                arguments("pv, bound", new PersistentVolumeTable(),
                        "{'metadata':{'name':'v'},'spec':{'capacity':{'storage':'1Gi'},'accessModes':['ReadWriteMany','ReadWriteOnce'],"
                                + "'persistentVolumeReclaimPolicy':'Retain','claimRef':{'namespace':'n','name':'c'},'storageClassName':'fast'},"
                                + "'status':{'phase':'Bound'}}",
                        List.of("v", "1Gi", "RWO,RWX", "Retain", "Bound", "n/c", "fast", "<unset>", "", "<unset>")),
                arguments("resource quota, requests and limits", new ResourceQuotaTable(),
                        "{'metadata':{'name':'q'},'spec':{'hard':{'ignored':'1'}},'status':{'hard':{'pods':'10','limits.cpu':'2','cpu':'1'},'used':{'pods':'3'}}}",
                        List.of("q", "cpu: 0/1, pods: 3/10", "limits.cpu: 0/2")),
                arguments("endpoints, more than three", new EndpointsTable(),
                        "{'metadata':{'name':'e'},'subsets':[{'addresses':[{'ip':'1.1.1.1'},{'ip':'2.2.2.2'}],'ports':[{'port':80},{'port':443}]}]}",
                        List.of("e", "1.1.1.1:80,1.1.1.1:443,2.2.2.2:80 + 1 more...")),
                arguments("controller revision of a statefulset", new ControllerRevisionTable(),
                        "{'metadata':{'name':'r','ownerReferences':[{'apiVersion':'apps/v1','kind':'StatefulSet','name':'db','controller':true}]},'revision':3}",
                        List.of("r", "statefulset.apps/db", 3L)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void cellsFollowUpstream(String name, TableConvertor table, String object, List<Object> expected) {
        List<Object> cells = table.cells(obj(object));
        int age = -1;
        for (int i = 0; i < table.columns().size(); i++) {
            if (table.columns().get(i).name().equals("Age")) {
                age = i;
            }
        }
        List<Object> withoutAge = new java.util.ArrayList<>(cells);
        if (age >= 0) {
            withoutAge.remove(age);
        }
        assertEquals(expected, withoutAge);
        assertEquals(table.columns().size(), cells.size());
    }
}
