package io.capstan.apiserver.openapi;

import java.util.Set;

/**
 * Upstream's OpenAPI definition names ({@code io.k8s.api.core.v1.Pod},
 * {@code io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta}) for the fabric8 model classes.
 */
final class DefinitionNames {
    static final String META = "io.k8s.apimachinery.pkg.apis.meta.v1.";
    static final String QUANTITY = "io.k8s.apimachinery.pkg.api.resource.Quantity";
    static final String INT_OR_STRING = "io.k8s.apimachinery.pkg.util.intstr.IntOrString";
    static final String RAW_EXTENSION = "io.k8s.apimachinery.pkg.runtime.RawExtension";
    static final String TIME = META + "Time";
    static final String MICRO_TIME = META + "MicroTime";

    private static final String FABRIC8 = "io.fabric8.kubernetes.api.model.";

    /** The kinds of k8s.io/apimachinery/pkg/apis/meta/v1 that fabric8 keeps in its core package. */
    private static final Set<String> META_TYPES = Set.of(
            "ObjectMeta", "ListMeta", "OwnerReference", "ManagedFieldsEntry", "FieldsV1", "LabelSelector",
            "LabelSelectorRequirement", "Condition", "Status", "StatusDetails", "StatusCause", "DeleteOptions",
            "Preconditions", "WatchEvent", "MicroTime", "Duration", "APIResource", "APIResourceList", "APIGroup",
            "APIGroupList", "APIVersions", "GroupVersionForDiscovery", "ServerAddressByClientCIDR", "Patch");

    private DefinitionNames() {
    }

    /** True for the classes of the fabric8 Kubernetes model. */
    static boolean isModel(Class<?> type) {
        return type.getName().startsWith(FABRIC8);
    }

    /** The upstream definition name of a fabric8 model class. */
    static String of(Class<?> modelClass) {
        String name = modelClass.getName();
        if (!name.startsWith(FABRIC8)) {
            throw new IllegalArgumentException(name + " is not a fabric8 Kubernetes model class");
        }
        String simple = modelClass.getSimpleName();
        String pkg = modelClass.getPackageName();
        String sub = pkg.length() + 1 > FABRIC8.length() ? pkg.substring(FABRIC8.length()) : "";
        return switch (simple) {
            case "Quantity" -> QUANTITY;
            case "IntOrString" -> INT_OR_STRING;
            default -> {
                if (sub.isEmpty()) {
                    yield (META_TYPES.contains(simple) ? META : "io.k8s.api.core.v1.") + simple;
                }
                // apps, storage: fabric8 drops the version of groups that have only v1 left.
                String group = sub.contains(".") ? sub : sub + ".v1";
                yield "io.k8s.api." + group + "." + simple;
            }
        };
    }
}
