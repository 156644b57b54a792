package io.capstan.apiserver.endpoints;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * What a request under {@code /api} or {@code /apis} addresses, parsed as upstream's
 * {@code RequestInfoFactory} does: verb, group, version, namespace, resource, name, subresource.
 *
 * @param resourceRequest false for discovery paths ({@code /api}, {@code /apis/apps}, ...)
 */
public record RequestInfo(boolean resourceRequest, String verb, String group, String version, String namespace,
                          String resource, String name, String subresource, List<String> parts) {
    private static final Set<String> NAMESPACE_SUBRESOURCES = Set.of("status", "finalize");

    /**
     * Parses a path and method; {@code watch} is the {@code watch} query flag.
     *
     * @return the request info, or null when the path is not under {@code /api} or {@code /apis}
     */
    public static RequestInfo parse(String method, String path, boolean watch) {
        List<String> segs = new ArrayList<>();
        for (String s : path.split("/")) {
            if (!s.isEmpty()) {
                segs.add(s);
            }
        }
        if (segs.isEmpty() || !(segs.get(0).equals("api") || segs.get(0).equals("apis"))) {
            return null;
        }
        String group = "";
        int i = 1;
        if (segs.get(0).equals("apis")) {
            if (segs.size() < 3) {
                return new RequestInfo(false, method.toLowerCase(), segs.size() > 1 ? segs.get(1) : "", "", "", "", "", "", segs);
            }
            group = segs.get(1);
            i = 2;
        } else if (segs.size() < 2) {
            return new RequestInfo(false, method.toLowerCase(), "", "", "", "", "", "", segs);
        }
        String version = segs.get(i++);
        List<String> rest = new ArrayList<>(segs.subList(i, segs.size()));
        if (rest.isEmpty()) {
            return new RequestInfo(false, method.toLowerCase(), group, version, "", "", "", "", segs);
        }
        String verb = switch (method) {
            case "POST" -> "create";
            case "GET", "HEAD" -> "get";
            case "PUT" -> "update";
            case "PATCH" -> "patch";
            case "DELETE" -> "delete";
            default -> method.toLowerCase();
        };
        if (rest.get(0).equals("watch")) {
            rest.remove(0);
            verb = "watch";
            if (rest.isEmpty()) {
                return new RequestInfo(false, verb, group, version, "", "", "", "", segs);
            }
        }
        String namespace = "";
        if (rest.get(0).equals("namespaces") && rest.size() > 1) {
            namespace = rest.get(1);
            if (rest.size() > 2 && !NAMESPACE_SUBRESOURCES.contains(rest.get(2))) {
                rest = new ArrayList<>(rest.subList(2, rest.size()));
            }
        }
        String resource = rest.get(0);
        String name = rest.size() > 1 ? rest.get(1) : "";
        String subresource = rest.size() > 2 ? rest.get(2) : "";
        if (rest.size() > 3) {
            // Deeper paths exist only for proxy-like subresources, which are not served.
            subresource = String.join("/", rest.subList(2, rest.size()));
        }
        if (name.isEmpty()) {
            if (verb.equals("get")) {
                verb = watch ? "watch" : "list";
            } else if (verb.equals("delete")) {
                verb = "deletecollection";
            }
        }
        // A named GET stays a get even with ?watch=true, as upstream; single objects are watched with
        // fieldSelector=metadata.name=<name> or the legacy /watch/ prefix.
        return new RequestInfo(true, verb, group, version, namespace, resource, name, subresource, segs);
    }
}
