package io.capstan.apiserver.protobuf;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.capstan.common.json.Json;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.InputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * Decodes bodies kubectl 1.32 really sent (captured from {@code kubectl create ...} against a recording server)
 * and compares them with the JSON the same kubectl prints for the same command with {@code --dry-run=client -o json},
 * which is upstream's Go JSON encoding of the very object it sends. The commands, in file order:
 * {@code create namespace demo}; {@code create configmap c --from-literal=a=b --from-literal=x=y};
 * {@code create secret generic s --from-literal=password=hunter2}; {@code create serviceaccount sa};
 * {@code create deployment web --image=nginx --replicas=0 --port=80}; {@code create job j --image=busybox -- echo hi};
 * <code>create cronjob cj --image=busybox --schedule='*&#47;5 * * * *' -- date</code>;
 * {@code create service clusterip svc --tcp=80:8080 --tcp=443:https};
 * {@code create quota q --hard=cpu=500m,memory=1Gi,pods=10 --scopes=NotTerminating};
 * {@code create priorityclass high --value=1000 --description=important --preemption-policy=Never};
 * {@code create poddisruptionbudget pdb --selector=app=web --min-available=50%};
 * {@code create role r --verb=get,list --resource=pods,deployments.apps};
 * {@code create rolebinding rb --role=r --user=alice --serviceaccount=default:sa};
 * {@code create clusterrole cr --verb=get --non-resource-url=/healthz};
 * {@code create clusterrolebinding crb --clusterrole=cr --group=devs};
 * {@code create ingress ing --rule='foo.example.com/bar*=svc:80,tls=secret1' --class=nginx};
 * {@code create secret docker-registry reg --docker-server=r.example.com --docker-username=u --docker-password=p};
 * {@code create configmap bin --from-file=blob=<the bytes 00 01 02 ff> --from-literal=k=v};
 * {@code create service nodeport np --tcp=8080:80 --node-port=30080};
 * {@code create service externalname ext --external-name=db.example.com};
 * {@code create service loadbalancer lb --tcp=443:8443};
 * {@code create deployment multi --image=nginx --image=redis:7 --replicas=3};
 * {@code create poddisruptionbudget pdb2 --selector=app=x --max-unavailable=1};
 * {@code create priorityclass def --value=10 --global-default=true};
 * {@code create ingress ing2 --default-backend=svc:http --annotation=a=b --rule=/=svc2:8080};
 * {@code create cronjob cj2 --image=busybox --schedule=@hourly --restart=Never};
 * {@code create role r2 --verb=get --resource=configmaps --resource-name=one --resource-name=two};
 * {@code create clusterrole agg --aggregation-rule=rbac.example.com/aggregate=true};
 * {@code create serviceaccount sa2}; {@code create namespace ns-with-dashes}.
 */
class ProtobufKubectlCaptureTest {

    @ParameterizedTest
    @ValueSource(strings = {"namespace", "configmap", "secret", "serviceaccount", "deployment", "job", "cronjob",
            "service", "resourcequota", "priorityclass", "poddisruptionbudget", "role", "rolebinding", "clusterrole",
            "clusterrolebinding", "ingress", "secret-docker-registry", "configmap-binary", "service-nodeport",
            "service-externalname", "service-loadbalancer", "deployment-two-images", "poddisruptionbudget-max-unavailable",
            "priorityclass-global-default", "ingress-default-backend", "cronjob-hourly", "role-resource-names",
            "clusterrole-aggregation", "serviceaccount-sa2", "namespace-dashes"})
    void capturedCreateBodyDecodesToWhatKubectlPrintsAsJson(String name) throws IOException {
        ObjectNode decoded = ProtobufDecoder.decode(resource(name + ".pb"));

        assertEquals(Json.tree(resource(name + ".json")), decoded);
    }

    /** {@code create token sa --duration=10m --audience=api}, {@code auth can-i list pods}, {@code auth whoami}, {@code certificate approve csr1}. */
    @ParameterizedTest
    @ValueSource(strings = {"token", "selfsubjectaccessreview", "selfsubjectreview", "certificatesigningrequest-approval"})
    void capturedBodyWithoutDryRunDecodesToTheHandCheckedExpectation(String name) throws IOException {
        ObjectNode decoded = ProtobufDecoder.decode(resource(name + ".pb"));

        assertEquals(Json.tree(resource(name + ".expected.json")), decoded);
    }

    static byte[] resource(String name) throws IOException {
        try (InputStream in = ProtobufKubectlCaptureTest.class.getResourceAsStream("kubectl/" + name)) {
            assertNotNull(in, "missing test resource kubectl/" + name);
            return in.readAllBytes();
        }
    }
}
