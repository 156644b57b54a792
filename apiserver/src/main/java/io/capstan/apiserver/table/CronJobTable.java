package io.capstan.apiserver.table;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.capstan.apiserver.registry.LabelSelectors;
import io.capstan.apiserver.registry.Meta;

import java.util.List;

/** CronJobs, as upstream's {@code printCronJob}: NAME, SCHEDULE, TIMEZONE, SUSPEND, ACTIVE, LAST SCHEDULE, AGE, and wide CONTAINERS, IMAGES, SELECTOR. */
public final class CronJobTable implements TableConvertor {
    private static final List<Column> COLUMNS = List.of(Column.nameColumn(),
            Column.of("Schedule", "string", "The schedule in Cron format, see https://en.wikipedia.org/wiki/Cron."),
            Column.of("Timezone", "string", "The time zone name for the given schedule, see https://en.wikipedia.org/wiki/List_of_tz_database_time_zones."),
            Column.of("Suspend", "boolean", "This flag tells the controller to suspend subsequent executions, it does not apply to already started executions."),
            Column.of("Active", "integer", "A list of pointers to currently running jobs."),
            Column.of("Last Schedule", "string", "Information when was the last time the job was successfully scheduled."),
            Column.ageColumn(), TemplateColumns.CONTAINERS, TemplateColumns.IMAGES,
            TemplateColumns.selector("A label query over pods that should match the pod count."));

    @Override
    public List<Object> cells(ObjectNode cj) {
        JsonNode spec = cj.path("spec");
        JsonNode status = cj.path("status");
        String last = Cells.text(status, "lastScheduleTime");
        JsonNode jobSpec = spec.path("jobTemplate").path("spec");
        JsonNode pod = jobSpec.path("template").path("spec");
        return List.of(Meta.name(cj), Cells.text(spec, "schedule"), Cells.orNone(Cells.text(spec, "timeZone")),
                spec.path("suspend").isBoolean() ? (spec.get("suspend").asBoolean() ? "True" : "False") : "<unset>", (long) status.path("active").size(),
                last.isEmpty() ? "<none>" : Age.since(last), Age.of(cj),
                TemplateColumns.containers(pod), TemplateColumns.images(pod), LabelSelectors.format(jobSpec.get("selector")));
    }

    @Override
    public List<Column> columns() {
        return COLUMNS;
    }
}
