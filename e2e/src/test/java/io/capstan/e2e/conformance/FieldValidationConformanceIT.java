package io.capstan.e2e.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.capstan.e2e.ControlPlane;
import io.capstan.e2e.LocalControlPlane;
import io.capstan.e2e.StorageBackend;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * Java twins of upstream's two {@code [sig-api-machinery] FieldValidation} conformance tests on a typed
 * object ({@code test/e2e/apimachinery/field_validation.go}, v1.32): a Deployment POSTed with
 * {@code fieldValidation=Strict} is refused with the strict decoding error naming its unknown and
 * duplicate fields. The five other tests of that file need CustomResourceDefinitions, which Capstan does
 * not serve yet.
 *
 * <p>Upstream sends the body with {@code RESTClient().Post()...Body([]byte)}: client-go sets no
 * Content-Type for raw bytes (the server then decodes JSON, its first media type), and accepts the
 * client's content type or anything; the error it reports is the returned Status's message. These
 * twins send exactly that request, accepting JSON.
 */
@ControlPlane(storage = StorageBackend.SQLITE)
class FieldValidationConformanceIT {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /**
     * {@code client.CoreV1().RESTClient().Post().AbsPath("/apis/apps/v1").Namespace(ns).Resource("deployments")
     * .Param("fieldManager", "field_validation_mgr").Param("fieldValidation", "Strict").Body(body).Do(ctx).Get()}:
     * the error's text, or a failure when the server accepted the object.
     */
    private static String postStrict(LocalControlPlane plane, String ns, String body) throws Exception {
        try (HttpClient http = plane.httpClient()) {
            HttpRequest request = HttpRequest.newBuilder(URI.create(plane.aggregatorUrl() + "/apis/apps/v1/namespaces/" + ns
                            + "/deployments?fieldManager=field_validation_mgr&fieldValidation=Strict"))
                    .header("Accept", "application/json, */*")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build();
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() / 100 == 2) {
                fail("the server accepted the object: " + response.statusCode() + " " + response.body());
            }
            JsonNode status = MAPPER.readTree(response.body());
            return status.path("message").asText(response.body());
        }
    }

    @Test
    @DisplayName("[sig-api-machinery] FieldValidation should detect unknown and duplicate fields of a typed object [Conformance]")
    void detectsUnknownAndDuplicateFieldsOfATypedObject(LocalControlPlane plane) throws Exception {
        try (Framework f = Framework.create(plane, "field-validation")) {
            // apply creating a deployment
            String invalidMetaDeployment = """
                    {
                    		"apiVersion": "apps/v1",
                    		"kind": "Deployment",
                    		"metadata": {
                    			"name": "my-dep",
                    			"labels": {"app": "nginx"}
                    		},
                    		"spec": {
                    			"unknownField": "foo",
                    			"replicas": 2,
                    			"replicas": 3,
                    			"selector": {
                    				"matchLabels": {
                    					"app": "nginx"
                    				}
                    			},
                    			"template": {
                    				"metadata": {
                    					"labels": {
                    						"app": "nginx"
                    					}
                    				},
                    				"spec": {
                    					"containers": [{
                    						"name":  "nginx",
                    						"image": "nginx:latest"
                    					}]
                    				}
                    			}
                    		}
                    	}""";
            String err = postStrict(plane, f.namespace(), invalidMetaDeployment);
            if (!err.contains("strict decoding error: unknown field \"spec.unknownField\", duplicate field \"spec.replicas\"")) {
                fail("error missing unknown/duplicate field field, got: " + err);
            }
        }
    }

    @Test
    @DisplayName("[sig-api-machinery] FieldValidation should detect unknown metadata fields of a typed object [Conformance]")
    void detectsUnknownMetadataFieldsOfATypedObject(LocalControlPlane plane) throws Exception {
        try (Framework f = Framework.create(plane, "field-validation")) {
            // apply creating a deployment
            String invalidMetaDeployment = """
                    {
                    		"apiVersion": "apps/v1",
                    		"kind": "Deployment",
                    		"metadata": {
                    			"name": "my-dep",
                    			"unknownMeta": "foo",
                    			"labels": {"app": "nginx"}
                    		},
                    		"spec": {
                    			"selector": {
                    				"matchLabels": {
                    					"app": "nginx"
                    				}
                    			},
                    			"template": {
                    				"metadata": {
                    					"labels": {
                    						"app": "nginx"
                    					}
                    				},
                    				"spec": {
                    					"containers": [{
                    						"name":  "nginx",
                    						"image": "nginx:latest"
                    					}]
                    				}
                    			}
                    		}
                    	}""";
            String err = postStrict(plane, f.namespace(), invalidMetaDeployment);
            if (!err.contains("strict decoding error: unknown field \"metadata.unknownMeta\"")) {
                fail("error missing unknown metadata field, got: " + err);
            }
        }
    }
}
