package io.capstan.apiserver.table;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.capstan.apiserver.registry.LabelSelectors;
import io.capstan.apiserver.registry.Meta;

import java.util.List;

/** Jobs, as upstream's {@code printJob}: NAME, STATUS, COMPLETIONS, DURATION, AGE, and wide CONTAINERS, IMAGES, SELECTOR. */
public final class JobTable implements TableConvertor {
    private static final List<Column> COLUMNS = List.of(Column.nameColumn(),
            Column.of("Status", "string", "Status of the job."),
            Column.of("Completions", "string", "The completion status of the job."),
            Column.of("Duration", "string", "Time required to complete the job."),
            Column.ageColumn(), TemplateColumns.CONTAINERS, TemplateColumns.IMAGES,
            TemplateColumns.selector("A label query over pods that should match the pod count."));

    @Override
    public List<Object> cells(ObjectNode job) {
        JsonNode spec = job.path("spec");
        JsonNode status = job.path("status");
        long succeeded = Cells.integer(status, "succeeded");
        String completions;
        if (spec.hasNonNull("completions")) {
            completions = succeeded + "/" + spec.path("completions").asLong();
        } else if (spec.hasNonNull("parallelism") && spec.path("parallelism").asLong() > 1) {
            completions = succeeded + "/1 of " + spec.path("parallelism").asLong();
        } else {
            completions = succeeded + "/1";
        }
        String duration = "";
        String start = Cells.text(status, "startTime");
        String end = Cells.text(status, "completionTime");
        if (!start.isEmpty()) {
            duration = end.isEmpty() ? Age.since(start)
                    : Age.human(java.time.Duration.between(java.time.Instant.parse(start), java.time.Instant.parse(end)));
        }
        String state;
        if (hasCondition(status, "Complete")) {
            state = "Complete";
        } else if (hasCondition(status, "Failed")) {
            state = "Failed";
        } else if (Meta.deleting(job)) {
            state = "Terminating";
        } else if (hasCondition(status, "Suspended")) {
            state = "Suspended";
        } else if (hasCondition(status, "FailureTarget")) {
            state = "FailureTarget";
        } else {
            state = "Running";
        }
        JsonNode pod = spec.path("template").path("spec");
        return List.of(Meta.name(job), state, completions, duration, Age.of(job),
                TemplateColumns.containers(pod), TemplateColumns.images(pod), LabelSelectors.format(spec.get("selector")));
    }

    /** Upstream's {@code hasJobCondition}: the first condition of the type decides. */
    private static boolean hasCondition(JsonNode status, String type) {
        for (JsonNode c : status.path("conditions")) {
            if (type.equals(c.path("type").asText())) {
                return "True".equals(c.path("status").asText());
            }
        }
        return false;
    }

    @Override
    public List<Column> columns() {
        return COLUMNS;
    }
}
