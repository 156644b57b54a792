package io.capstan.apiserver.table;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.capstan.apiserver.registry.Meta;

import java.util.List;

/** PersistentVolumeClaims, as upstream's {@code printPersistentVolumeClaim}: NAME, STATUS, VOLUME, CAPACITY, ACCESS MODES, STORAGECLASS, VOLUMEATTRIBUTESCLASS, AGE, and wide VOLUMEMODE. */
public final class PersistentVolumeClaimTable implements TableConvertor {
    private static final List<Column> COLUMNS = List.of(Column.nameColumn(),
            Column.of("Status", "string", "phase represents the current phase of PersistentVolumeClaim."),
            Column.of("Volume", "string", "volumeName is the binding reference to the PersistentVolume backing this claim."),
            Column.of("Capacity", "string", "capacity represents the actual resources of the underlying volume."),
            Column.of("Access Modes", "string", "accessModes contains the actual access modes the volume backing the PVC has."),
            Column.of("StorageClass", "string", "StorageClass of the pvc"),
            Column.of("VolumeAttributesClass", "string", "VolumeAttributesClass of the pvc"),
            Column.ageColumn(),
            Column.wide("VolumeMode", "string", "volumeMode defines what type of volume is required by the claim."));

    @Override
    public List<Object> cells(ObjectNode pvc) {
        JsonNode spec = pvc.path("spec");
        JsonNode status = pvc.path("status");
        String phase = Meta.deleting(pvc) ? "Terminating" : Cells.text(status, "phase");
        String capacity = "";
        String modes = "";
        if (!Cells.text(spec, "volumeName").isEmpty()) {
            modes = AccessModes.of(status.path("accessModes"));
            capacity = status.path("capacity").path("storage").asText("");
        }
        return List.of(Meta.name(pvc), phase, Cells.text(spec, "volumeName"), capacity, modes, StorageClasses.of(pvc),
                Cells.orUnset(Cells.text(spec, "volumeAttributesClassName")), Age.of(pvc),
                Cells.orUnset(Cells.text(spec, "volumeMode")));
    }

    @Override
    public List<Column> columns() {
        return COLUMNS;
    }
}
