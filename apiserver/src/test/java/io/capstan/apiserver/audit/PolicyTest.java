package io.capstan.apiserver.audit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Loading and validating policy files, as upstream's {@code LoadPolicyFromBytes} and {@code ValidatePolicy}. */
class PolicyTest {

    /** The example policy of upstream's auditing documentation (trimmed), in YAML. */
    static final String DOC_POLICY = """
            apiVersion: audit.k8s.io/v1 # This is required.
            kind: Policy
            # Don't generate audit events for all requests in RequestReceived stage.
            omitStages:
              - "RequestReceived"
            rules:
              # Log pod changes at RequestResponse level
              - level: RequestResponse
                resources:
                - group: ""
                  # Resource "pods" doesn't match requests to any subresource of pods,
                  # which is consistent with the RBAC policy.
                  resources: ["pods"]
              # Log "pods/log", "pods/status" at Metadata level
              - level: Metadata
                resources:
                - group: ""
                  resources: ["pods/log", "pods/status"]
              # Don't log requests to a configmap called "controller-leader"
              - level: None
                resources:
                - group: ""
                  resources: ["configmaps"]
                  resourceNames: ["controller-leader"]
              # Don't log watch requests by the "system:kube-proxy" on endpoints or services
              - level: None
                users: ["system:kube-proxy"]
                verbs: ["watch"]
                resources:
                - group: "" # core API group
                  resources: ["endpoints", "services"]
              # Don't log authenticated requests to certain non-resource URL paths.
              - level: None
                userGroups: ["system:authenticated"]
                nonResourceURLs:
                - "/api*" # Wildcard matching.
                - "/version"
              # Log the request body of configmap changes in kube-system.
              - level: Request
                resources:
                - group: "" # core API group
                  resources: ["configmaps"]
                # This rule only applies to resources in the "kube-system" namespace.
                # The empty string "" can be used to select non-namespaced resources.
                namespaces: ["kube-system"]
              # A catch-all rule to log all other requests at the Metadata level.
              - level: Metadata
                # Long-running requests like watches that fall under this rule will not
                # generate an audit event in RequestReceived.
                omitStages:
                  - "RequestReceived"
                omitManagedFields: true
            """;

    @Test
    void loadsUpstreamsDocumentedExample() {
        Policy p = Policy.parse(DOC_POLICY.getBytes(StandardCharsets.UTF_8));
        assertEquals(7, p.rules().size());
        assertEquals(Set.of(Stage.REQUEST_RECEIVED), p.omitStages());
        assertFalse(p.omitManagedFields());
        PolicyRule first = p.rules().get(0);
        assertEquals(Level.REQUEST_RESPONSE, first.level());
        assertEquals(List.of(new GroupResources("", List.of("pods"), List.of())), first.resources());
        assertEquals(List.of("/api*", "/version"), p.rules().get(4).nonResourceURLs());
        assertEquals(List.of("kube-system"), p.rules().get(5).namespaces());
        assertEquals(Boolean.TRUE, p.rules().get(6).omitManagedFields());
        assertNull(first.omitManagedFields());
    }

    @Test
    void loadsJson() {
        Policy p = Policy.parse("""
                {"apiVersion":"audit.k8s.io/v1","kind":"Policy","omitManagedFields":true,
                 "rules":[{"level":"Metadata","verbs":["get"],"omitStages":["ResponseStarted"]}]}
                """.getBytes(StandardCharsets.UTF_8));
        assertTrue(p.omitManagedFields());
        assertEquals(List.of("get"), p.rules().get(0).verbs());
        assertEquals(Set.of(Stage.RESPONSE_STARTED), p.rules().get(0).omitStages());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            wrong version     | apiVersion: audit.k8s.io/v1beta1\\nkind: Policy\\nrules: [{level: None}]         | unknown group version field audit.k8s.io/v1beta1, Kind=Policy in policy
            wrong kind        | apiVersion: audit.k8s.io/v1\\nkind: Event\\nrules: [{level: None}]               | unknown group version field audit.k8s.io/v1, Kind=Event in policy
            no rules          | apiVersion: audit.k8s.io/v1\\nkind: Policy                                       | loaded illegal policy with 0 rules
            missing level     | apiVersion: audit.k8s.io/v1\\nkind: Policy\\nrules: [{verbs: [get]}]              | rules[0].level: Required value
            bad level         | apiVersion: audit.k8s.io/v1\\nkind: Policy\\nrules: [{level: Everything}]        | rules[0].level: Unsupported value: "Everything": supported values: "None", "Metadata", "Request", "RequestResponse"
            bad stage         | apiVersion: audit.k8s.io/v1\\nkind: Policy\\nomitStages: [Done]\\nrules: [{level: None}] | omitStages[0]: Unsupported value: "Done"
            bad rule stage    | apiVersion: audit.k8s.io/v1\\nkind: Policy\\nrules: [{level: None, omitStages: [Done]}] | rules[0].omitStages[0]: Unsupported value: "Done"
            url without slash | apiVersion: audit.k8s.io/v1\\nkind: Policy\\nrules: [{level: None, nonResourceURLs: [healthz]}] | rules[0].nonResourceURLs[0]: Invalid value: "healthz": non-resource URL rules must begin with a '/' character
            inner wildcard    | apiVersion: audit.k8s.io/v1\\nkind: Policy\\nrules: [{level: None, nonResourceURLs: ["/a*b"]}] | non-resource URL wildcards '*' must be the final character of the rule
            urls and resources| apiVersion: audit.k8s.io/v1\\nkind: Policy\\nrules: [{level: None, nonResourceURLs: ["/a"], namespaces: [x]}] | rules cannot apply to both regular resources and non-resource URLs
            names w/o resource| apiVersion: audit.k8s.io/v1\\nkind: Policy\\nrules: [{level: None, resources: [{resourceNames: [a]}]}] | using resourceNames requires at least one resource
            group with version| apiVersion: audit.k8s.io/v1\\nkind: Policy\\nrules: [{level: None, resources: [{group: rbac.authorization.k8s.io/v1}]}] | rules[0].resources[0].group: Invalid value: "rbac.authorization.k8s.io/v1"
            not yaml          | apiVersion: [audit                                                                | failed decoding
            """)
    void invalidPoliciesAreRefusedWithUpstreamsMessage(String name, String text, String message) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Policy.parse(text.replace("\\n", "\n").getBytes(StandardCharsets.UTF_8)));
        assertTrue(e.getMessage().contains(message), e.getMessage());
    }

    @Test
    void loadNamesTheFile() throws Exception {
        Path f = Files.createTempFile("policy", ".yaml");
        try {
            Files.writeString(f, "apiVersion: audit.k8s.io/v1\nkind: Policy\nrules: [{level: Loud}]\n");
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Policy.load(f));
            assertTrue(e.getMessage().startsWith("failed to load audit policy file " + f + ": rules[0].level"), e.getMessage());
            Files.delete(f);
            e = assertThrows(IllegalArgumentException.class, () -> Policy.load(f));
            assertTrue(e.getMessage().startsWith("failed to read audit policy file " + f), e.getMessage());
        } finally {
            Files.deleteIfExists(f);
        }
    }
}
