package io.capstan.apiserver.registry;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.capstan.apiserver.authentication.AuthenticationResponse;
import io.capstan.apiserver.authentication.UserInfo;
import io.capstan.apiserver.authorization.AlwaysAllowAuthorizer;
import io.capstan.common.json.Json;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What every create-only resource's {@link Creater} promises: a valid request gets an answer with a {@code status},
 * the same question gets the same answer (nothing is kept between requests), dry runs answer alike, and the
 * request object is not needed afterwards.
 */
class CreaterContractTest {
    static final UserInfo JANE = new UserInfo("jane", "", List.of("system:authenticated"), Map.of());

    record Case(ResourceDefinition definition, String namespace, String body) {
        @Override
        public String toString() {
            return definition.resource();
        }
    }

    static Stream<Case> cases() {
        AlwaysAllowAuthorizer allow = new AlwaysAllowAuthorizer();
        List<ResourceDefinition> reviews = ReviewResources.all(
                (token, audiences) -> Optional.of(AuthenticationResponse.of(JANE)), List.of(), allow, allow);
        Map<String, String> bodies = Map.of(
                "tokenreviews", "{\"spec\":{\"token\":\"t\"}}",
                "selfsubjectreviews", "{}",
                "subjectaccessreviews", "{\"spec\":{\"user\":\"a\",\"resourceAttributes\":{\"verb\":\"get\",\"resource\":\"pods\"}}}",
                "localsubjectaccessreviews", "{\"metadata\":{\"namespace\":\"ns\"},\"spec\":{\"user\":\"a\","
                        + "\"resourceAttributes\":{\"namespace\":\"ns\",\"verb\":\"get\",\"resource\":\"pods\"}}}",
                "selfsubjectaccessreviews", "{\"spec\":{\"nonResourceAttributes\":{\"verb\":\"get\",\"path\":\"/api\"}}}",
                "selfsubjectrulesreviews", "{\"spec\":{\"namespace\":\"ns\"}}");
        assertEquals(bodies.keySet(), reviews.stream().map(ResourceDefinition::resource).collect(java.util.stream.Collectors.toSet()));
        return reviews.stream().map(d -> new Case(d, d.namespaced() ? "ns" : "", bodies.get(d.resource())));
    }

    private static ObjectNode request(Case c) {
        ObjectNode o = Json.object(c.body().getBytes());
        o.put("kind", c.definition().kind());
        o.put("apiVersion", c.definition().gvr().groupVersion());
        return o;
    }

    @ParameterizedTest
    @MethodSource("cases")
    void aValidRequestIsAnsweredWithAStatusTheSameEachTime(Case c) {
        assertTrue(c.definition().createOnly());
        assertEquals(List.of("create"), c.definition().verbs());
        ObjectNode first = c.definition().creater().create(JANE, c.namespace(), request(c), false);
        assertTrue(first.path("status").isObject(), first.toString());
        ObjectNode again = c.definition().creater().create(JANE, c.namespace(), request(c), false);
        ObjectNode dryRun = c.definition().creater().create(JANE, c.namespace(), request(c), true);
        assertEquals(first.get("status"), again.get("status"));
        assertEquals(first.get("status"), dryRun.get("status"));
    }
}
