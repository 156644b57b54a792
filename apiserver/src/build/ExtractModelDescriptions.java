import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Build step (run as a single-file program at generate-resources): reads the Javadoc of the fabric8
 * model sources, which carries upstream's API documentation, and writes it as JSON
 * ({@code {"<class>": {"": "<type description>", "<json field>": "<field description>"}}}) for the
 * OpenAPI documents' {@code description}s.
 *
 * <p>fabric8's generator gives fields whose type is a struct the description of the class that
 * declares them instead of the field's own; those are left out rather than published wrong.
 */
public final class ExtractModelDescriptions {
    private static final Pattern CLASS_DOC = Pattern.compile("(?s)/\\*\\*((?:(?!\\*/).)*)\\*/(?:(?!/\\*\\*).)*?\\npublic (?:abstract )?class (\\w+)");
    private static final Pattern GETTER_DOC = Pattern.compile(
            "(?s)/\\*\\*((?:(?!\\*/).)*)\\*/\\s*@JsonProperty\\(\"([^\"]+)\"\\)\\s*(?:@[\\w.]+(?:\\([^)]*\\))?\\s*)*public [^;{=]*?\\s(?:get|is)\\w*\\(\\)");

    public static void main(String[] args) throws IOException {
        Path sources = Path.of(args[0]);
        Path out = Path.of(args[1]);
        Map<String, Map<String, String>> all = new TreeMap<>();
        try (Stream<Path> files = Files.walk(sources)) {
            for (Path f : (Iterable<Path>) files.filter(p -> p.toString().endsWith(".java"))::iterator) {
                String name = f.getFileName().toString();
                if (name.endsWith("Builder.java") || name.endsWith("Fluent.java") || name.equals("package-info.java")) {
                    continue;
                }
                String text = Files.readString(f, StandardCharsets.UTF_8);
                Matcher pkg = Pattern.compile("(?m)^package ([\\w.]+);").matcher(text);
                if (!pkg.find()) {
                    continue;
                }
                String simple = name.substring(0, name.length() - ".java".length());
                Map<String, String> docs = new TreeMap<>();
                Matcher c = CLASS_DOC.matcher(text);
                String classDoc = null;
                if (c.find() && c.group(2).equals(simple)) {
                    classDoc = clean(c.group(1));
                    docs.put("", classDoc);
                }
                Matcher g = GETTER_DOC.matcher(text);
                while (g.find()) {
                    String doc = clean(g.group(1));
                    if (!doc.isEmpty() && !doc.equals(classDoc)) {
                        docs.putIfAbsent(g.group(2), doc);
                    }
                }
                if (!docs.isEmpty()) {
                    all.put(pkg.group(1) + "." + simple, docs);
                }
            }
        }
        Files.createDirectories(out.getParent());
        StringBuilder json = new StringBuilder("{");
        all.forEach((cls, docs) -> {
            json.append(json.length() > 1 ? ",\n" : "\n").append(quote(cls)).append(":{");
            StringBuilder fields = new StringBuilder();
            docs.forEach((k, v) -> fields.append(fields.length() > 0 ? "," : "").append(quote(k)).append(':').append(quote(v)));
            json.append(fields).append('}');
        });
        Files.writeString(out, json.append("\n}\n").toString(), StandardCharsets.UTF_8);
        System.out.println("ExtractModelDescriptions: " + all.size() + " classes -> " + out);
    }

    /** The text of a Javadoc comment: leading asterisks gone, HTML entities decoded, lines joined as upstream's. */
    private static String clean(String javadoc) {
        StringBuilder sb = new StringBuilder();
        for (String line : javadoc.split("\n")) {
            String l = line.strip();
            if (l.startsWith("*")) {
                l = l.substring(1);
                if (l.startsWith(" ")) {
                    l = l.substring(1);
                }
            }
            if (sb.length() > 0) {
                sb.append('\n');
            }
            sb.append(l);
        }
        String s = sb.toString().strip();
        if (s.startsWith("No args constructor")) {
            return "";
        }
        return s.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&#39;", "'")
                .replace("&#64;", "@").replace("&#42;", "*").replace("&#47;", "/").replace("&amp;", "&");
    }

    private static String quote(String s) {
        StringBuilder q = new StringBuilder("\"");
        for (char ch : s.toCharArray()) {
            switch (ch) {
                case '"' -> q.append("\\\"");
                case '\\' -> q.append("\\\\");
                case '\n' -> q.append("\\n");
                case '\r' -> q.append("\\r");
                case '\t' -> q.append("\\t");
                default -> {
                    if (ch < 0x20) {
                        q.append(String.format("\\u%04x", (int) ch));
                    } else {
                        q.append(ch);
                    }
                }
            }
        }
        return q.append('"').toString();
    }
}
