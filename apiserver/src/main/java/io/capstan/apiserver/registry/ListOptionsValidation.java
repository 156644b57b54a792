package io.capstan.apiserver.registry;

import io.capstan.common.api.Statuses;
import io.fabric8.kubernetes.api.model.StatusCause;

import java.util.ArrayList;
import java.util.List;

/**
 * Upstream's {@code ValidateListOptions} (apimachinery {@code meta/internalversion/validation}): the
 * {@code resourceVersionMatch} and {@code sendInitialEvents} rules of lists and watches, failing the
 * request with 422 {@code ListOptions.meta.k8s.io "" is invalid}.
 */
public final class ListOptionsValidation {
    private static final String EXACT = "Exact";
    private static final String NOT_OLDER_THAN = "NotOlderThan";

    private ListOptionsValidation() {
    }

    /** Throws a 422 Status listing every rule {@code opts} breaks. */
    public static void check(ListOptions opts) {
        List<StatusCause> causes = opts.watch() ? watchErrors(opts) : listErrors(opts);
        if (!causes.isEmpty()) {
            throw Statuses.invalid("meta.k8s.io", "ListOptions", "", causes);
        }
    }

    static List<StatusCause> listErrors(ListOptions opts) {
        List<StatusCause> causes = new ArrayList<>();
        String match = opts.resourceVersionMatch();
        if (!match.isEmpty()) {
            if (opts.resourceVersion().isEmpty()) {
                causes.add(forbidden("resourceVersionMatch", "resourceVersionMatch is forbidden unless resourceVersion is provided"));
            }
            if (!opts.continueToken().isEmpty()) {
                causes.add(forbidden("resourceVersionMatch", "resourceVersionMatch is forbidden when continue is provided"));
            }
            if (!match.equals(EXACT) && !match.equals(NOT_OLDER_THAN)) {
                causes.add(notSupported(match, "\"Exact\", \"NotOlderThan\", \"\""));
            }
            if (match.equals(EXACT) && opts.resourceVersion().equals("0")) {
                causes.add(forbidden("resourceVersionMatch", "resourceVersionMatch \"exact\" is forbidden for resourceVersion \"0\""));
            }
        }
        if (opts.sendInitialEvents() != null) {
            causes.add(forbidden("sendInitialEvents", "sendInitialEvents is forbidden for list"));
        }
        return causes;
    }

    static List<StatusCause> watchErrors(ListOptions opts) {
        List<StatusCause> causes = new ArrayList<>();
        String match = opts.resourceVersionMatch();
        if (opts.sendInitialEvents() != null && !match.equals(NOT_OLDER_THAN)) {
            causes.add(forbidden("resourceVersionMatch", "sendInitialEvents requires setting resourceVersionMatch to NotOlderThan"));
        }
        if (!match.isEmpty()) {
            if (opts.sendInitialEvents() == null) {
                causes.add(forbidden("resourceVersionMatch", "resourceVersionMatch is forbidden for watch unless sendInitialEvents is provided"));
            }
            if (!match.equals(NOT_OLDER_THAN)) {
                causes.add(notSupported(match, "\"NotOlderThan\""));
            }
            if (!opts.continueToken().isEmpty()) {
                causes.add(forbidden("resourceVersionMatch", "resourceVersionMatch is forbidden when continue is provided"));
            }
        }
        return causes;
    }

    private static StatusCause forbidden(String field, String message) {
        return Statuses.cause("FieldValueForbidden", field, "Forbidden: " + message);
    }

    private static StatusCause notSupported(String value, String supported) {
        return Statuses.cause("FieldValueNotSupported", "resourceVersionMatch",
                "Unsupported value: \"" + value + "\": supported values: " + supported);
    }
}
