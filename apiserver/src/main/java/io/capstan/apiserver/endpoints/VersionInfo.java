package io.capstan.apiserver.endpoints;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.capstan.common.json.Json;

/**
 * The {@code /version} document. Capstan serves the API of Kubernetes 1.32, so it reports major 1,
 * minor 32; the git version names Capstan's own release.
 */
public record VersionInfo(String major, String minor, String gitVersion, String buildDate) {

    /** The version of this build. */
    public static VersionInfo current() {
        String impl = VersionInfo.class.getPackage().getImplementationVersion();
        String capstan = impl == null ? "dev" : impl.replace("-SNAPSHOT", "-dev");
        return new VersionInfo("1", "32", "v1.32.0-capstan." + capstan, "1970-01-01T00:00:00Z");
    }

    public ObjectNode toJson() {
        ObjectNode o = Json.MAPPER.createObjectNode();
        o.put("major", major);
        o.put("minor", minor);
        o.put("gitVersion", gitVersion);
        o.put("gitCommit", "");
        o.put("gitTreeState", "");
        o.put("buildDate", buildDate);
        o.put("goVersion", "java" + Runtime.version().feature());
        o.put("compiler", "javac");
        String arch = System.getProperty("os.arch", "");
        o.put("platform", System.getProperty("os.name", "").toLowerCase() + "/" + (arch.equals("x86_64") ? "amd64" : arch.equals("aarch64") ? "arm64" : arch));
        return o;
    }
}
