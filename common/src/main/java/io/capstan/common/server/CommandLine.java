package io.capstan.common.server;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses upstream-style flags ({@code --name=value}, {@code --name value}, {@code --switch}) into
 * configuration overrides, and prints {@code --help}.
 */
public final class CommandLine {
    private final String program;
    private final String description;
    private final List<Flag> flags;

    public CommandLine(String program, String description, List<Flag> flags) {
        this.program = program;
        this.description = description;
        this.flags = List.copyOf(flags);
    }

    /** True when the arguments ask for help. */
    public static boolean wantsHelp(String[] args) {
        for (String a : args) {
            if (a.equals("--help") || a.equals("-h") || a.equals("help")) {
                return true;
            }
        }
        return false;
    }

    /**
     * Turns arguments into {@code configKey -> value} overrides.
     *
     * @throws UsageException for an unknown flag, a missing value or a stray argument
     */
    public Map<String, String> parse(String[] args) {
        Map<String, String> overrides = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("--")) {
                throw new UsageException("unexpected argument \"" + arg + "\"; flags start with --. See " + program + " --help");
            }
            String body = arg.substring(2);
            String name = body;
            String value = null;
            int eq = body.indexOf('=');
            if (eq >= 0) {
                name = body.substring(0, eq);
                value = body.substring(eq + 1);
            }
            Flag flag = find(name);
            if (value == null) {
                if (flag.bool()) {
                    value = "true";
                } else if (i + 1 < args.length) {
                    value = args[++i];
                } else {
                    throw new UsageException("flag --" + name + " needs a value. See " + program + " --help");
                }
            }
            if (flag.bool() && !value.equals("true") && !value.equals("false")) {
                throw new UsageException("flag --" + name + " takes true or false, not \"" + value + "\"");
            }
            overrides.put(flag.configKey(), value);
        }
        return overrides;
    }

    private Flag find(String name) {
        for (Flag f : flags) {
            if (f.name().equals(name)) {
                return f;
            }
        }
        throw new UsageException("unknown flag: --" + name + ". See " + program + " --help");
    }

    /** The text of {@code --help}. */
    public String help() {
        StringBuilder sb = new StringBuilder();
        sb.append(description).append("\n\nUsage:\n  ").append(program).append(" [flags]\n\nFlags:\n");
        int width = flags.stream().mapToInt(f -> f.name().length() + (f.bool() ? 0 : 7)).max().orElse(10) + 6;
        for (Flag f : flags) {
            String left = "  --" + f.name() + (f.bool() ? "" : " string");
            sb.append(left).append(" ".repeat(Math.max(1, width - left.length())))
                    .append(f.help());
            if (f.defaultValue() != null && !f.defaultValue().isEmpty()) {
                sb.append(" (default ").append(f.defaultValue()).append(')');
            }
            sb.append('\n');
        }
        sb.append("  -h, --help").append(" ".repeat(Math.max(1, width - 12))).append("help for ").append(program).append('\n');
        sb.append("\nEvery flag overrides the matching key of application.yaml.\n");
        return sb.toString();
    }
}
