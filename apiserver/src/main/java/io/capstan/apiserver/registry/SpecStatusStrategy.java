package io.capstan.apiserver.registry;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Set;
import java.util.function.Consumer;

/**
 * The strategy of kinds whose upstream registry only separates spec from status: the status is reset on
 * create (to the zero value, {@code {}}, or an initial phase), kept on updates of the main resource, and
 * {@code metadata.generation} counts spec changes where upstream's {@code PrepareForUpdate} bumps it.
 * Configured through its factories rather than subclassed.
 */
public final class SpecStatusStrategy implements Strategy {
    private final boolean hasStatus;
    private final boolean tracksGeneration;
    private final Consumer<ObjectNode> initialStatus;
    private final Set<String> metadataKeptOnStatusUpdate;

    private SpecStatusStrategy(boolean hasStatus, boolean tracksGeneration, Consumer<ObjectNode> initialStatus,
                               Set<String> metadataKeptOnStatusUpdate) {
        this.hasStatus = hasStatus;
        this.tracksGeneration = tracksGeneration;
        this.initialStatus = initialStatus;
        this.metadataKeptOnStatusUpdate = metadataKeptOnStatusUpdate;
    }

    private SpecStatusStrategy(boolean hasStatus, boolean tracksGeneration, Consumer<ObjectNode> initialStatus) {
        this(hasStatus, tracksGeneration, initialStatus, Set.of());
    }

    /**
     * This strategy, with status writes that may not change labels, annotations, finalizers or owner
     * references: upstream's newer kinds (volume attachments through {@code metav1.ResetObjectMetaForStatus},
     * flow schemas and priority levels by copying the old {@code ObjectMeta}).
     */
    public SpecStatusStrategy statusKeepsObjectMeta() {
        return new SpecStatusStrategy(hasStatus, tracksGeneration, initialStatus, RESET_OBJECT_META_FOR_STATUS);
    }

    /** A status subresource, status reset to {@code {}} on create, no generation (services, quotas, ...). */
    public static SpecStatusStrategy status() {
        return new SpecStatusStrategy(true, false, s -> { });
    }

    /** A status subresource and generation tracking (ingresses, PDBs, flow schemas, ...). */
    public static SpecStatusStrategy statusAndGeneration() {
        return new SpecStatusStrategy(true, true, s -> { });
    }

    /** No status to guard, but generation tracking (network policies, ingress classes). */
    public static SpecStatusStrategy generation() {
        return new SpecStatusStrategy(false, true, s -> { });
    }

    /** A status subresource whose status starts as {@code initial} fills it (volumes start {@code Pending}). */
    public static SpecStatusStrategy status(Consumer<ObjectNode> initial) {
        return new SpecStatusStrategy(true, false, initial);
    }

    @Override
    public void prepareForCreate(ObjectNode obj) {
        if (hasStatus) {
            initialStatus.accept(obj.putObject("status"));
        }
    }

    @Override
    public boolean hasStatus() {
        return hasStatus;
    }

    @Override
    public Set<String> metadataKeptOnStatusUpdate() {
        return metadataKeptOnStatusUpdate;
    }

    @Override
    public boolean tracksGeneration() {
        return tracksGeneration;
    }
}
