package io.capstan.apiserver.table;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.capstan.apiserver.registry.Meta;

import java.util.ArrayList;
import java.util.List;

/** CSIDrivers, as upstream's {@code printCSIDriver}: NAME, ATTACHREQUIRED, PODINFOONMOUNT, STORAGECAPACITY, TOKENREQUESTS, REQUIRESREPUBLISH, MODES, AGE. */
public final class CSIDriverTable implements TableConvertor {
    private static final List<Column> COLUMNS = List.of(Column.nameColumn(),
            Column.of("AttachRequired", "boolean", "attachRequired indicates this CSI volume driver requires an attach operation."),
            Column.of("PodInfoOnMount", "boolean", "podInfoOnMount indicates this CSI volume driver requires additional pod information (like podName, podUID, etc.) during mount operations."),
            Column.of("StorageCapacity", "boolean", "storageCapacity indicates that the CSI volume driver wants pod scheduling to consider the storage capacity that the driver deployment will report."),
            Column.of("TokenRequests", "string", "tokenRequests indicates the CSI driver needs pods' service account tokens it is mounting volume for to do necessary authentication."),
            Column.of("RequiresRepublish", "boolean", "requiresRepublish indicates the CSI driver wants `NodePublishVolume` being periodically called to reflect any possible change in the mounted volume."),
            Column.of("Modes", "string", "volumeLifecycleModes defines what kind of volumes this CSI volume driver supports."),
            Column.ageColumn());

    @Override
    public List<Object> cells(ObjectNode d) {
        JsonNode spec = d.path("spec");
        List<String> audiences = new ArrayList<>();
        spec.path("tokenRequests").forEach(t -> audiences.add(Cells.text(t, "audience")));
        List<String> modes = new ArrayList<>();
        spec.path("volumeLifecycleModes").forEach(m -> modes.add(m.asText()));
        return List.of(Meta.name(d), spec.path("attachRequired").asBoolean(true), spec.path("podInfoOnMount").asBoolean(false),
                spec.path("storageCapacity").asBoolean(false), spec.path("tokenRequests").isArray() ? String.join(",", audiences) : "<unset>",
                spec.path("requiresRepublish").asBoolean(false), modes.isEmpty() ? "<none>" : String.join(",", modes), Age.of(d));
    }

    @Override
    public List<Column> columns() {
        return COLUMNS;
    }
}
