package io.capstan.apiserver.table;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.capstan.apiserver.registry.Meta;

import java.util.List;

/** VolumeAttachments, as upstream's {@code printVolumeAttachment}: NAME, ATTACHER, PV, NODE, ATTACHED, AGE. */
public final class VolumeAttachmentTable implements TableConvertor {
    private static final List<Column> COLUMNS = List.of(Column.nameColumn(),
            new Column("Attacher", "string", "name", "attacher indicates the name of the volume driver that MUST handle this request.", 0),
            Column.of("PV", "string", "persistentVolumeName represents the name of the persistent volume to attach."),
            Column.of("Node", "string", "nodeName represents the node that the volume should be attached to."),
            Column.of("Attached", "boolean", "attached indicates the volume is successfully attached."),
            Column.ageColumn());

    @Override
    public List<Object> cells(ObjectNode va) {
        JsonNode spec = va.path("spec");
        return List.of(Meta.name(va), Cells.text(spec, "attacher"), Cells.text(spec.path("source"), "persistentVolumeName"),
                Cells.text(spec, "nodeName"), va.path("status").path("attached").asBoolean(false), Age.of(va));
    }

    @Override
    public List<Column> columns() {
        return COLUMNS;
    }
}
