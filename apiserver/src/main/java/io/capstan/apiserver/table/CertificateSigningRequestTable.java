package io.capstan.apiserver.table;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.capstan.apiserver.registry.Meta;

import java.util.ArrayList;
import java.util.List;

/** CertificateSigningRequests, as upstream's {@code printCertificateSigningRequest}: NAME, AGE, SIGNERNAME, REQUESTOR, REQUESTEDDURATION, CONDITION. */
public final class CertificateSigningRequestTable implements TableConvertor {
    private static final List<Column> COLUMNS = List.of(Column.nameColumn(),
            Column.ageColumn(),
            Column.of("SignerName", "string", "Only present if the spec field is set."),
            Column.of("Requestor", "string", "Name of the user requesting the certificate."),
            Column.of("RequestedDuration", "string", "Only present if the spec field is set."),
            Column.of("Condition", "string", "Condition of the certificate signing request."));

    @Override
    public List<Object> cells(ObjectNode csr) {
        JsonNode spec = csr.path("spec");
        String duration = spec.hasNonNull("expirationSeconds")
                ? Age.human(java.time.Duration.ofSeconds(spec.get("expirationSeconds").asLong())) : "<none>";
        return List.of(Meta.name(csr), Age.of(csr), Cells.orNone(Cells.text(spec, "signerName")), Cells.text(spec, "username"),
                duration, condition(csr.path("status")));
    }

    /** Upstream's {@code extractCSRStatus}: Denied, Approved or Pending, then {@code ,Failed} and {@code ,Issued}. */
    private static String condition(JsonNode status) {
        boolean approved = false;
        boolean denied = false;
        boolean failed = false;
        for (JsonNode c : status.path("conditions")) {
            switch (Cells.text(c, "type")) {
                case "Approved" -> approved = true;
                case "Denied" -> denied = true;
                case "Failed" -> failed = true;
                default -> { }
            }
        }
        String out = denied ? "Denied" : approved ? "Approved" : "Pending";
        if (failed) {
            out += ",Failed";
        }
        if (!Cells.text(status, "certificate").isEmpty()) {
            out += ",Issued";
        }
        return out;
    }

    @Override
    public List<Column> columns() {
        return COLUMNS;
    }
}
