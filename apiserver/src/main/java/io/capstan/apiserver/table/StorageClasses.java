package io.capstan.apiserver.table;

import com.fasterxml.jackson.databind.JsonNode;

/** Upstream's {@code GetPersistentVolume(Claim)Class}: the beta annotation wins over {@code spec.storageClassName}. */
final class StorageClasses {
    private static final String BETA_ANNOTATION = "volume.beta.kubernetes.io/storage-class";

    private StorageClasses() {
    }

    static String of(JsonNode obj) {
        JsonNode annotation = obj.path("metadata").path("annotations").path(BETA_ANNOTATION);
        if (annotation.isTextual()) {
            return annotation.asText();
        }
        return obj.path("spec").path("storageClassName").asText("");
    }
}
