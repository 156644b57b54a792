package io.capstan.apiserver.table;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.capstan.apiserver.registry.Meta;

import java.util.List;

/** StorageClasses, as upstream's {@code printStorageClass}: NAME (with {@code (default)}), PROVISIONER, RECLAIMPOLICY, VOLUMEBINDINGMODE, ALLOWVOLUMEEXPANSION, AGE. */
public final class StorageClassTable implements TableConvertor {
    private static final List<Column> COLUMNS = List.of(Column.nameColumn(),
            Column.of("Provisioner", "string", "provisioner indicates the type of the provisioner."),
            Column.of("ReclaimPolicy", "string", "reclaimPolicy controls the reclaimPolicy for dynamically provisioned PersistentVolumes of this storage class."),
            Column.of("VolumeBindingMode", "string", "volumeBindingMode indicates how PersistentVolumeClaims should be provisioned and bound."),
            Column.of("AllowVolumeExpansion", "string", "allowVolumeExpansion shows whether the storage class allow volume expand."),
            Column.ageColumn());
    private static final List<String> DEFAULT_ANNOTATIONS = List.of("storageclass.kubernetes.io/is-default-class",
            "storageclass.beta.kubernetes.io/is-default-class");

    @Override
    public List<Object> cells(ObjectNode sc) {
        String name = Meta.name(sc);
        JsonNode annotations = sc.path("metadata").path("annotations");
        if (DEFAULT_ANNOTATIONS.stream().anyMatch(a -> "true".equals(annotations.path(a).asText("")))) {
            name += " (default)";
        }
        return List.of(name, Cells.text(sc, "provisioner"), sc.path("reclaimPolicy").asText("Delete"),
                sc.path("volumeBindingMode").asText("Immediate"), sc.path("allowVolumeExpansion").asBoolean(false), Age.of(sc));
    }

    @Override
    public List<Column> columns() {
        return COLUMNS;
    }
}
