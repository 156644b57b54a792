package io.capstan.apiserver.table;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.capstan.apiserver.registry.Meta;

import java.util.List;

/** PersistentVolumes, as upstream's {@code printPersistentVolume}: NAME, CAPACITY, ACCESS MODES, RECLAIM POLICY, STATUS, CLAIM, STORAGECLASS, VOLUMEATTRIBUTESCLASS, REASON, AGE, and wide VOLUMEMODE. */
public final class PersistentVolumeTable implements TableConvertor {
    private static final List<Column> COLUMNS = List.of(Column.nameColumn(),
            Column.of("Capacity", "string", "capacity is the description of the persistent volume's resources and capacity."),
            Column.of("Access Modes", "string", "accessModes contains all ways the volume can be mounted."),
            Column.of("Reclaim Policy", "string", "persistentVolumeReclaimPolicy defines what happens to a persistent volume when released from its claim."),
            Column.of("Status", "string", "phase indicates if a volume is available, bound to a claim, or released by a claim."),
            Column.of("Claim", "string", "claimRef is part of a bi-directional binding between PersistentVolume and PersistentVolumeClaim."),
            Column.of("StorageClass", "string", "StorageClass of the pv"),
            Column.of("VolumeAttributesClass", "string", "VolumeAttributesClass of the pv"),
            Column.of("Reason", "string", "reason is a brief CamelCase string that describes any failure and is meant for machine parsing and tidy display in the CLI."),
            Column.ageColumn(),
            Column.wide("VolumeMode", "string", "volumeMode defines if a volume is intended to be used with a formatted filesystem or to remain in raw block state."));

    @Override
    public List<Object> cells(ObjectNode pv) {
        JsonNode spec = pv.path("spec");
        JsonNode claim = spec.path("claimRef");
        String claimText = claim.isObject() ? Cells.text(claim, "namespace") + "/" + Cells.text(claim, "name") : "";
        String phase = Meta.deleting(pv) ? "Terminating" : Cells.text(pv.path("status"), "phase");
        return List.of(Meta.name(pv), spec.path("capacity").path("storage").asText("0"), AccessModes.of(spec.path("accessModes")),
                Cells.text(spec, "persistentVolumeReclaimPolicy"), phase, claimText, StorageClasses.of(pv),
                Cells.orUnset(Cells.text(spec, "volumeAttributesClassName")), Cells.text(pv.path("status"), "reason"), Age.of(pv),
                Cells.orUnset(Cells.text(spec, "volumeMode")));
    }

    @Override
    public List<Column> columns() {
        return COLUMNS;
    }
}
