package io.capstan.apiserver.apply;

import io.capstan.common.api.Statuses;
import io.fabric8.kubernetes.api.model.StatusCause;

import java.util.ArrayList;
import java.util.List;

/** The manager a write is recorded under: the {@code fieldManager} option, else the User-Agent's product. */
public final class ManagerName {
    /** Upstream's {@code FieldManagerMaxLength}. */
    public static final int MAX_LENGTH = 128;

    private ManagerName() {
    }

    /**
     * Upstream's {@code managerOrUserAgent}: {@code fieldManager} when set, else the User-Agent up
     * to its first {@code /} ({@code kubectl} from {@code kubectl/v1.32.0 (linux/amd64) ...}),
     * without unprintable characters, cut at {@link #MAX_LENGTH} bytes.
     */
    public static String of(String fieldManager, String userAgent) {
        if (fieldManager != null && !fieldManager.isEmpty()) {
            return fieldManager;
        }
        String product = userAgent == null ? "" : userAgent.split("/", -1)[0];
        StringBuilder sb = new StringBuilder();
        int bytes = 0;
        for (int i = 0; i < product.length(); ) {
            int cp = product.codePointAt(i);
            i += Character.charCount(cp);
            if (!printable(cp)) {
                continue;
            }
            int len = new String(Character.toChars(cp)).getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
            if (bytes + len > MAX_LENGTH) {
                break;
            }
            sb.appendCodePoint(cp);
            bytes += len;
        }
        return sb.toString();
    }

    /**
     * Upstream's option validation of {@code fieldManager} and {@code force}: 422 Invalid on
     * {@code <optionsKind>.meta.k8s.io} (e.g. {@code PatchOptions}) when apply has no manager, the
     * name is too long or unprintable, or {@code force} comes with another kind of write.
     */
    public static void validate(String optionsKind, String fieldManager, boolean apply, boolean forceGiven) {
        List<StatusCause> causes = new ArrayList<>();
        String m = fieldManager == null ? "" : fieldManager;
        if (!apply && forceGiven) {
            causes.add(Statuses.cause("FieldValueForbidden", "force", "Forbidden: may not be specified for non-apply patch"));
        }
        if (apply && m.isEmpty()) {
            causes.add(Statuses.cause("FieldValueRequired", "fieldManager", "Required value: is required for apply patch"));
        }
        if (m.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > MAX_LENGTH) {
            causes.add(Statuses.cause("FieldValueTooLong", "fieldManager", "Too long: may not be more than " + MAX_LENGTH + " bytes"));
        }
        for (int i = 0; i < m.length(); ) {
            int cp = m.codePointAt(i);
            if (!printable(cp)) {
                causes.add(Statuses.cause("FieldValueInvalid", "fieldManager", String.format(
                        "Invalid value: \"%s\": invalid character U+%04X (at position %d)", m, cp, i)));
            }
            i += Character.charCount(cp);
        }
        if (!causes.isEmpty()) {
            throw Statuses.invalid("meta.k8s.io", optionsKind, "", causes);
        }
    }

    private static boolean printable(int cp) {
        if (cp == ' ') {
            return true;
        }
        int type = Character.getType(cp);
        return !Character.isWhitespace(cp) && type != Character.CONTROL && type != Character.FORMAT
                && type != Character.UNASSIGNED && type != Character.PRIVATE_USE && type != Character.SURROGATE
                && type != Character.LINE_SEPARATOR && type != Character.PARAGRAPH_SEPARATOR && type != Character.SPACE_SEPARATOR;
    }
}
