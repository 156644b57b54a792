package io.capstan.apiserver.registry;

/**
 * Upstream's {@code rest.FinishFunc}: returned by a {@code Begin*} hook of {@link StoreHooks} and
 * called exactly once, after the storage write, with whether it succeeded, so that work done ahead
 * of the write (an allocated cluster IP) is committed or reverted.
 */
@FunctionalInterface
public interface FinishFunc {
    /** Nothing to commit or revert. */
    FinishFunc NOOP = success -> { };

    void finish(boolean success);

    /** Runs this, then {@code next}. */
    default FinishFunc andThen(FinishFunc next) {
        return success -> {
            finish(success);
            next.finish(success);
        };
    }
}
