package io.capstan.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The API server's audit log, driven by the real kubectl through the aggregator: the policy file (relative to the
 * e2e module, the processes' working directory) is honoured, events have upstream's schema, and the {@code Audit-Id}
 * kubectl sees is the one in the log.
 */
@ControlPlane(storage = StorageBackend.SQLITE, apiserverArgs = {
        "--audit-policy-file=src/test/resources/audit/policy.yaml",
        "--audit-log-path=target/e2e-audit/audit.log",
        "--audit-log-maxsize=5"})
class AuditLogIT {
    private static final Path LOG = Path.of("target/e2e-audit/audit.log");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern AUDIT_ID = Pattern.compile("(?i)Audit-Id: ([0-9a-f-]{36})");

    @Test
    void kubectlRequestsAreAuditedAsThePolicySays(Kubectl kubectl) throws Exception {
        kubectl.run("create", "namespace", "audit-e2e"); // may exist from an earlier run of the same plane
        String name = "cm-" + System.nanoTime();
        kubectl.run("create", "configmap", name, "-n", "audit-e2e", "--from-literal=colour=blue").assertOk();
        Kubectl.Result get = kubectl.run("get", "configmap", name, "-n", "audit-e2e", "-v=8").assertOk();
        // kubectl may run discovery first: take the Audit-Id of the response after the configmap's request.
        int request = get.stderr().indexOf("/configmaps/" + name);
        assertTrue(request >= 0, get.stderr());
        Matcher m = AUDIT_ID.matcher(get.stderr().substring(request));
        assertTrue(m.find(), "kubectl -v=8 shows the Audit-Id response header:\n" + get.stderr());
        String getId = m.group(1);
        kubectl.run("get", "configmap", name + "-missing", "-n", "audit-e2e");
        kubectl.run("get", "serviceaccounts", "-n", "audit-e2e").assertOk();
        kubectl.run("get", "configmaps", "-n", "kube-system").assertOk();

        JsonNode create = await(e -> e.path("verb").asText().equals("create") && e.at("/objectRef/name").asText().equals(name));
        assertEquals("audit.k8s.io/v1", create.get("apiVersion").asText());
        assertEquals("Event", create.get("kind").asText());
        assertEquals("Request", create.get("level").asText());
        assertEquals("ResponseComplete", create.get("stage").asText());
        assertEquals(201, create.at("/responseStatus/code").asInt());
        assertEquals("blue", create.at("/requestObject/data/colour").asText());
        assertFalse(create.has("responseObject"));
        assertTrue(create.get("userAgent").asText().startsWith("kubectl/"), create.toString());
        assertFalse(create.at("/user/username").asText().isEmpty());
        assertEquals("{\"resource\":\"configmaps\",\"namespace\":\"audit-e2e\",\"name\":\"" + name + "\",\"apiVersion\":\"v1\"}",
                create.get("objectRef").toString());

        JsonNode got = await(e -> e.path("auditID").asText().equals(getId));
        assertEquals("get", got.get("verb").asText());
        assertEquals(200, got.at("/responseStatus/code").asInt());

        JsonNode missing = await(e -> e.at("/objectRef/name").asText().equals(name + "-missing"));
        assertEquals(404, missing.at("/responseStatus/code").asInt());
        assertEquals("NotFound", missing.at("/responseStatus/reason").asText());

        JsonNode list = await(e -> e.path("verb").asText().equals("list") && e.at("/objectRef/resource").asText().equals("serviceaccounts")
                && e.at("/objectRef/namespace").asText().equals("audit-e2e"));
        assertEquals("Metadata", list.get("level").asText());

        for (JsonNode e : events()) {
            assertFalse(e.get("stage").asText().equals("RequestReceived"), "the policy omits RequestReceived: " + e);
            assertEquals("audit-e2e", e.at("/objectRef/namespace").asText(), "only audit-e2e is audited: " + e);
        }
    }

    private static JsonNode await(Predicate<JsonNode> match) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline) {
            for (JsonNode e : events()) {
                if (match.test(e)) {
                    return e;
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no matching audit event in " + LOG.toAbsolutePath());
    }

    private static List<JsonNode> events() throws Exception {
        List<JsonNode> out = new ArrayList<>();
        if (Files.exists(LOG)) {
            for (String line : Files.readAllLines(LOG)) {
                out.add(JSON.readTree(line));
            }
        }
        return out;
    }
}
