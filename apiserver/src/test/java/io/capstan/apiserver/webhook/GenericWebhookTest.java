package io.capstan.apiserver.webhook;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.capstan.common.json.Json;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The webhook config file: current context or first entries, token files, and what is refused. */
class GenericWebhookTest {

    @Test
    void theCurrentContextAndItsTokenFileAreUsed() throws Exception {
        try (TestWebhookServer server = TestWebhookServer.http(review -> (ObjectNode) review)) {
            Path dir = Files.createTempDirectory("webhook-config");
            Files.writeString(dir.resolve("token"), "from-file\n");
            Path config = dir.resolve("config");
            Files.writeString(config, """
                    apiVersion: v1
                    kind: Config
                    clusters:
                    - name: decoy
                      cluster: {server: "http://127.0.0.1:1/never"}
                    - name: real
                      cluster: {server: "%s"}
                    users:
                    - name: decoy
                      user: {token: wrong}
                    - name: real
                      user: {tokenFile: token}
                    contexts:
                    - name: webhook
                      context: {cluster: real, user: real}
                    current-context: webhook
                    """.formatted(server.url()));
            GenericWebhook webhook = GenericWebhook.fromConfigFile(config, Duration.ofSeconds(5), Duration.ofMillis(5));
            ObjectNode body = Json.MAPPER.createObjectNode().put("kind", "Ping");
            assertEquals(body, webhook.post(body));
            assertEquals("Bearer from-file", server.received.get(0).authorization());
        }
    }

    @Test
    void aConfigWithoutAServerOrFileIsRefused() throws Exception {
        Path dir = Files.createTempDirectory("webhook-config");
        Path noServer = dir.resolve("config");
        Files.writeString(noServer, "apiVersion: v1\nkind: Config\nclusters:\n- name: c\n  cluster: {}\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> GenericWebhook.fromConfigFile(noServer, Duration.ofSeconds(1), Duration.ofMillis(1)));
        assertTrue(e.getMessage().contains("names no server"), e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> GenericWebhook.fromConfigFile(dir.resolve("missing"), Duration.ofSeconds(1), Duration.ofMillis(1)));
    }

    @Test
    void anAnswerThatIsNotAJsonObjectIsAnError() throws Exception {
        try (TestWebhookServer server = TestWebhookServer.http(review -> null)) {
            GenericWebhook webhook = GenericWebhook.fromConfigFile(server.configFile(null), Duration.ofSeconds(5), Duration.ofMillis(5));
            WebhookException e = assertThrows(WebhookException.class, () -> webhook.post(Json.MAPPER.createObjectNode()));
            assertTrue(e.getMessage().contains("not a JSON object"), e.getMessage());
        }
    }
}
