package io.capstan.apiserver.authentication.tokenfile;

import java.util.ArrayList;
import java.util.List;

/**
 * RFC 4180 records as Go's {@code encoding/csv} reads them with a variable number of fields: quoted fields may
 * hold commas, doubled quotes and newlines; blank lines are skipped; a quote inside an unquoted field or an
 * unterminated quoted field is an error.
 */
final class Csv {
    private Csv() {
    }

    static List<List<String>> records(String text, String source) {
        List<List<String>> records = new ArrayList<>();
        List<String> record = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        int line = 1;
        int i = 0;
        int n = text.length();
        boolean lineHasContent = false;
        while (i < n) {
            char c = text.charAt(i);
            if (c == '"' && field.isEmpty()) {
                lineHasContent = true;
                i++;
                boolean closed = false;
                while (i < n) {
                    char q = text.charAt(i);
                    if (q == '"') {
                        if (i + 1 < n && text.charAt(i + 1) == '"') {
                            field.append('"');
                            i += 2;
                            continue;
                        }
                        closed = true;
                        i++;
                        break;
                    }
                    if (q == '\n') {
                        line++;
                    }
                    field.append(q);
                    i++;
                }
                if (!closed) {
                    throw new IllegalArgumentException(source + ": line " + line + ": extraneous or missing \" in quoted-field");
                }
                if (i < n && text.charAt(i) != ',' && text.charAt(i) != '\n' && text.charAt(i) != '\r') {
                    throw new IllegalArgumentException(source + ": line " + line + ": extraneous or missing \" in quoted-field");
                }
                continue;
            }
            if (c == ',') {
                lineHasContent = true;
                record.add(field.toString());
                field.setLength(0);
                i++;
                continue;
            }
            if (c == '\r' && i + 1 < n && text.charAt(i + 1) == '\n') {
                i++;
                continue;
            }
            if (c == '\n') {
                if (lineHasContent || !field.isEmpty()) {
                    record.add(field.toString());
                    records.add(record);
                }
                record = new ArrayList<>();
                field.setLength(0);
                lineHasContent = false;
                line++;
                i++;
                continue;
            }
            if (c == '"') {
                throw new IllegalArgumentException(source + ": line " + line + ": bare \" in non-quoted-field");
            }
            lineHasContent = true;
            field.append(c);
            i++;
        }
        if (lineHasContent || !field.isEmpty()) {
            record.add(field.toString());
            records.add(record);
        }
        return records;
    }
}
