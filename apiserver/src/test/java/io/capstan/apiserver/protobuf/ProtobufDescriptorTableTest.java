package io.capstan.apiserver.protobuf;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The shipped descriptor table loads, resolves and covers what kubectl sends; broken tables fail loudly. */
class ProtobufDescriptorTableTest {
    private static final DescriptorTable STANDARD = DescriptorTable.standard();

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({
            "v1, Namespace", "v1, ConfigMap", "v1, Secret", "v1, ServiceAccount", "v1, Pod", "v1, Node",
            "v1, Event", "v1, Service", "v1, ResourceQuota", "v1, Binding", "v1, Endpoints",
            "apps/v1, Deployment", "batch/v1, Job", "batch/v1, CronJob", "coordination.k8s.io/v1, Lease",
            "scheduling.k8s.io/v1, PriorityClass", "policy/v1, PodDisruptionBudget", "policy/v1, Eviction",
            "networking.k8s.io/v1, Ingress", "networking.k8s.io/v1, NetworkPolicy",
            "rbac.authorization.k8s.io/v1, Role", "rbac.authorization.k8s.io/v1, ClusterRole",
            "rbac.authorization.k8s.io/v1, RoleBinding", "rbac.authorization.k8s.io/v1, ClusterRoleBinding",
            "authorization.k8s.io/v1, SelfSubjectAccessReview", "authorization.k8s.io/v1, SubjectAccessReview",
            "authorization.k8s.io/v1, LocalSubjectAccessReview", "authorization.k8s.io/v1, SelfSubjectRulesReview",
            "authentication.k8s.io/v1, SelfSubjectReview", "authentication.k8s.io/v1, TokenRequest",
            "authentication.k8s.io/v1, TokenReview", "certificates.k8s.io/v1, CertificateSigningRequest",
            "events.k8s.io/v1, Event", "v1, DeleteOptions", "meta.k8s.io/v1, DeleteOptions"})
    void standardTableDecodesKind(String apiVersion, String kind) {
        assertTrue(STANDARD.forKind(apiVersion, kind).isPresent(), apiVersion + "/" + kind);
    }

    @Test
    void standardTableHoldsEveryFileAndKind() {
        assertEquals(13, DescriptorTable.FILES.size());
        assertTrue(STANDARD.messageCount() > 200, "messages: " + STANDARD.messageCount());
        // The 34 kinds above, DeleteOptions counted once: its table entry matches every apiVersion.
        assertEquals(34, STANDARD.kindCount());
    }

    @Test
    void podSpecFieldNumbersMatchUpstream() {
        MessageDescriptor spec = STANDARD.message("k8s.io.api.core.v1.PodSpec");

        assertEquals("containers", spec.field(2).jsonName());
        assertEquals("initContainers", spec.field(20).jsonName());
        assertEquals("tolerations", spec.field(22).jsonName());
        assertEquals("enableServiceLinks", spec.field(30).jsonName());
        assertTrue(spec.field(30).pointer());
        assertEquals("ephemeralContainers", spec.field(34).jsonName());
    }

    @Test
    void unknownFlagNamesFileAndLine() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> DescriptorTable.of("package t\nmessage A\n1 name string sometimes\n"));

        assertEquals("inline table:3: unknown flag \"sometimes\"", e.getMessage());
    }

    @Test
    void referenceToAMissingMessageIsRefused() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> DescriptorTable.of("package t\nmessage A\n1 b B\n"));

        assertEquals("t.A.b refers to unknown message t.B", e.getMessage());
    }

    @Test
    void duplicateFieldNumberIsRefused() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> DescriptorTable.of("package t\nmessage A\n1 a string\n1 b string\n"));

        assertEquals("inline table:4: field 1 b clashes with 1 a", e.getMessage());
    }

    @Test
    void inlineScalarIsRefused() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> DescriptorTable.of("package t\nmessage A\n1 a string inline\n"));

        assertEquals("inline table:3: an inline field is a plain message field", e.getMessage());
    }

    @Test
    void unwrapNeedsExactlyOneRepeatedField() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> DescriptorTable.of("package t\nmessage A unwrap\n1 a string\n"));

        assertEquals("inline table:2: unwrap message t.A must have exactly one repeated field", e.getMessage());
    }

    @Test
    void kindNamingAMissingMessageIsRefused() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> DescriptorTable.of("package t\nkind t/v1 Widget\n"));

        assertEquals("kind t/v1/Widget names missing message t.Widget", e.getMessage());
    }

    @Test
    void aliasesQualifyTypeNames() {
        DescriptorTable table = DescriptorTable.of("""
                package a
                alias other b
                message A
                1 b other.B
                2 items map<string,other.B>
                package b
                message B
                1 v string
                """);

        assertEquals(new FieldType.Message("b.B"), table.message("a.A").field(1).type());
        assertEquals(new FieldType.MapOf(new FieldType.Message("b.B")), table.message("a.A").field(2).type());
    }
}
