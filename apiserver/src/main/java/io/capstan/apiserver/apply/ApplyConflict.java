package io.capstan.apiserver.apply;

import io.capstan.common.api.StatusException;
import io.capstan.common.api.Statuses;
import io.fabric8.kubernetes.api.model.StatusCause;
import io.fabric8.kubernetes.api.model.StatusDetails;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/** Upstream's apply conflict error: 409 Conflict, one {@code FieldManagerConflict} cause per field. */
public final class ApplyConflict {
    private ApplyConflict() {
    }

    /**
     * The Status for these conflicts, worded as upstream's {@code NewConflictError}:
     * {@code Apply failed with 1 conflict: conflict with "mgr" using apps/v1: .spec.replicas}, or with
     * several, {@code Apply failed with 2 conflicts: conflicts with "mgr":\n- .a\n- .b}.
     */
    public static StatusException of(Map<ManagedFieldsEntry, FieldSet> conflicts) {
        List<Map.Entry<ManagedFieldsEntry, FieldSet>> byManager = new ArrayList<>(conflicts.entrySet());
        byManager.sort(Comparator.comparing(e -> e.getKey().describe()));
        List<StatusCause> causes = new ArrayList<>();
        List<String> lines = new ArrayList<>();
        for (Map.Entry<ManagedFieldsEntry, FieldSet> e : byManager) {
            String who = e.getKey().describe();
            lines.add("conflicts with " + who + ":");
            for (List<String> path : e.getValue().sorted()) {
                String field = FieldSet.display(path);
                causes.add(Statuses.cause("FieldManagerConflict", field, "conflict with " + who));
                lines.add("- " + field);
            }
        }
        String message = causes.size() == 1
                ? "Apply failed with 1 conflict: " + causes.get(0).getMessage() + ": " + causes.get(0).getField()
                : "Apply failed with " + causes.size() + " conflicts: " + String.join("\n", lines);
        StatusException e = Statuses.of(409, "Conflict", message);
        StatusDetails details = new StatusDetails();
        details.setCauses(causes);
        e.status().setDetails(details);
        return e;
    }
}
