package io.capstan.apiserver.authentication.serviceaccount;

import io.capstan.apiserver.authentication.UserInfo;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a valid service-account token says, as upstream's {@code serviceaccount.ServiceAccountInfo}; empty
 * strings for the parts a token does not carry.
 */
public record ServiceAccountInfo(String namespace, String name, String uid, String podName, String podUid,
                                 String credentialId, String nodeName, String nodeUid) {
    public static final String PREFIX = "system:serviceaccount:";
    public static final String ALL_SERVICE_ACCOUNTS_GROUP = "system:serviceaccounts";
    public static final String POD_NAME_KEY = "authentication.kubernetes.io/pod-name";
    public static final String POD_UID_KEY = "authentication.kubernetes.io/pod-uid";
    public static final String NODE_NAME_KEY = "authentication.kubernetes.io/node-name";
    public static final String NODE_UID_KEY = "authentication.kubernetes.io/node-uid";
    public static final String CREDENTIAL_ID_KEY = "authentication.kubernetes.io/credential-id";

    /** {@code system:serviceaccount:<namespace>:<name>}. */
    public static String username(String namespace, String name) {
        return PREFIX + namespace + ":" + name;
    }

    /** The namespace and name of a service-account user name, or null when it is not one. */
    public static String[] splitUsername(String username) {
        if (username == null || !username.startsWith(PREFIX)) {
            return null;
        }
        String[] parts = username.substring(PREFIX.length()).split(":", -1);
        if (parts.length != 2 || parts[0].isEmpty() || parts[1].isEmpty()) {
            return null;
        }
        return parts;
    }

    /** Upstream's {@code UserInfo()}: the user, groups {@code system:serviceaccounts} and {@code system:serviceaccounts:<ns>}, and the extras. */
    public UserInfo userInfo() {
        Map<String, List<String>> extra = new LinkedHashMap<>();
        if (!podName.isEmpty() && !podUid.isEmpty()) {
            extra.put(POD_NAME_KEY, List.of(podName));
            extra.put(POD_UID_KEY, List.of(podUid));
        }
        if (!credentialId.isEmpty()) {
            extra.put(CREDENTIAL_ID_KEY, List.of(credentialId));
        }
        if (!nodeName.isEmpty()) {
            extra.put(NODE_NAME_KEY, List.of(nodeName));
            if (!nodeUid.isEmpty()) {
                extra.put(NODE_UID_KEY, List.of(nodeUid));
            }
        }
        return new UserInfo(username(namespace, name), uid,
                List.of(ALL_SERVICE_ACCOUNTS_GROUP, ALL_SERVICE_ACCOUNTS_GROUP + ":" + namespace), extra);
    }
}
