package io.capstan.common.pki;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * {@code capstan pki}: creates the cluster's key material ({@code init}) and kubeconfigs for new users
 * ({@code user}). The {@code capstan} script runs it with any service jar on the class path:
 * {@code java -cp apiserver/target/capstan-apiserver.jar io.capstan.common.pki.PkiCommand init}.
 */
public final class PkiCommand {
    static final String DEFAULT_DIR = ".capstan/pki";
    static final String DEFAULT_ADMIN_SERVER = "https://127.0.0.1:6443";
    static final String DEFAULT_APISERVER = "https://127.0.0.1:6444";

    static final String USAGE = """
            Usage:
              capstan pki init [--dir D] [--apiserver-cert-extra-sans a,b] [--server URL] [--apiserver-url URL]
              capstan pki user NAME [--group G ...] --out FILE [--dir D] [--server URL]

            init  creates in D (default %1$s) whatever is missing of: the cluster CA (ca.crt, ca.key), the
                  API server and aggregator serving certificates (SANs localhost, 127.0.0.1, kubernetes,
                  kubernetes.default, kubernetes.default.svc, kubernetes.default.svc.cluster.local, 10.0.0.1 and
                  --apiserver-cert-extra-sans), controller-manager and scheduler serving certificates, the
                  front-proxy CA and its client certificate (CN front-proxy-client), the service-account key
                  pair (sa.key, sa.pub; RSA 2048), and the kubeconfigs admin.conf (kubernetes-admin, group
                  system:masters; server --server, default %2$s), controller-manager.conf and scheduler.conf
                  (server --apiserver-url, default %3$s). Existing files are never overwritten; certificates
                  and CAs use ECDSA P-256 keys; private keys and kubeconfigs are written with mode 0600.
            user  writes to FILE (which must not exist; mode 0600) a kubeconfig for user NAME in the groups
                  given by --group (repeatable), with a new client certificate signed by D's cluster CA, for
                  server --server (default %2$s). Grant it rights with RBAC, e.g.
                  kubectl create clusterrolebinding NAME-view --clusterrole=view --user=NAME
            """.formatted(DEFAULT_DIR, DEFAULT_ADMIN_SERVER, DEFAULT_APISERVER);

    private PkiCommand() {
    }

    /** Runs the command and exits: 0 on success, 2 on a usage error, 1 on any other failure. */
    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs the command, printing to {@code out} and {@code err}; returns the exit code. */
    static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 0 || List.of("help", "--help", "-h").contains(args[0])
                || Arrays.asList(args).contains("--help") || Arrays.asList(args).contains("-h")) {
            out.print(USAGE);
            return args.length == 0 ? 2 : 0;
        }
        try {
            return switch (args[0]) {
                case "init" -> init(Arrays.copyOfRange(args, 1, args.length), out);
                case "user" -> user(Arrays.copyOfRange(args, 1, args.length), out);
                default -> throw new IllegalArgumentException("unknown pki command '" + args[0] + "' (init or user)");
            };
        } catch (IllegalArgumentException e) {
            err.println("error: " + e.getMessage());
            err.print(USAGE);
            return 2;
        } catch (IOException | RuntimeException e) {
            err.println("error: " + e);
            return 1;
        }
    }

    private static int init(String[] args, PrintStream out) throws IOException {
        Options o = Options.parse(args, List.of("--dir", "--apiserver-cert-extra-sans", "--server", "--apiserver-url"));
        if (!o.positional.isEmpty()) {
            throw new IllegalArgumentException("init takes no arguments, got " + o.positional);
        }
        ClusterPki pki = new ClusterPki(Path.of(o.last("--dir", DEFAULT_DIR)));
        List<String> sans = new ArrayList<>();
        for (String v : o.all("--apiserver-cert-extra-sans")) {
            sans.addAll(Arrays.asList(v.split(",")));
        }
        List<String> lines = pki.init(sans, o.last("--server", DEFAULT_ADMIN_SERVER),
                o.last("--apiserver-url", DEFAULT_APISERVER));
        out.println("[pki] " + pki.dir().toAbsolutePath());
        lines.forEach(l -> out.println("[pki] " + l));
        return 0;
    }

    private static int user(String[] args, PrintStream out) throws IOException {
        Options o = Options.parse(args, List.of("--dir", "--group", "--out", "--server"));
        if (o.positional.size() != 1) {
            throw new IllegalArgumentException("user needs exactly one NAME, got " + o.positional);
        }
        String outFile = o.last("--out", null);
        if (outFile == null) {
            throw new IllegalArgumentException("user needs --out FILE");
        }
        String name = o.positional.getFirst();
        List<String> groups = o.all("--group");
        ClusterPki pki = new ClusterPki(Path.of(o.last("--dir", DEFAULT_DIR)));
        pki.writeUserKubeConfig(Path.of(outFile), o.last("--server", DEFAULT_ADMIN_SERVER), name, groups);
        out.println("[pki] wrote " + outFile + " for user " + name + (groups.isEmpty() ? "" : " in groups " + String.join(",", groups)));
        return 0;
    }

    /** {@code --name value} and {@code --name=value} options, and positional arguments. */
    private record Options(List<String[]> values, List<String> positional) {
        static Options parse(String[] args, List<String> known) {
            List<String[]> values = new ArrayList<>();
            List<String> positional = new ArrayList<>();
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                if (!a.startsWith("--")) {
                    positional.add(a);
                    continue;
                }
                String name = a.contains("=") ? a.substring(0, a.indexOf('=')) : a;
                if (!known.contains(name)) {
                    throw new IllegalArgumentException("unknown flag " + name);
                }
                String value;
                if (a.contains("=")) {
                    value = a.substring(a.indexOf('=') + 1);
                } else if (i + 1 < args.length) {
                    value = args[++i];
                } else {
                    throw new IllegalArgumentException(name + " needs a value");
                }
                values.add(new String[]{name, value});
            }
            return new Options(values, positional);
        }

        String last(String name, String fallback) {
            String v = fallback;
            for (String[] pair : values) {
                if (pair[0].equals(name)) {
                    v = pair[1];
                }
            }
            return v;
        }

        List<String> all(String name) {
            return values.stream().filter(p -> p[0].equals(name)).map(p -> p[1]).toList();
        }
    }
}
