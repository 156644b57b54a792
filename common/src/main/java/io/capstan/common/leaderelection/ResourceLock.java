package io.capstan.common.leaderelection;

/**
 * The object candidates compete for, as client-go's {@code resourcelock.Interface}. Updates are
 * optimistic: {@link #update} succeeds only if the object did not change since this lock last read
 * or wrote it, so two candidates never both win the same round.
 */
public interface ResourceLock {

    /**
     * Reads the record, remembering the object's version for the next {@link #update}.
     *
     * @return the record, or null when the object does not exist
     * @throws RuntimeException when the server cannot be asked
     */
    LeaderElectionRecord get();

    /**
     * Creates the object with {@code record}.
     *
     * @throws RuntimeException when it exists already or the server fails; the caller retries later
     */
    void create(LeaderElectionRecord record);

    /**
     * Replaces the record, on the precondition that the object is still the version last seen.
     *
     * @throws RuntimeException on a conflict (someone else wrote first) or a server failure
     * @throws IllegalStateException when called before {@link #get} or {@link #create} succeeded
     */
    void update(LeaderElectionRecord record);

    /** This candidate's identity, written as {@code holderIdentity} when it leads. */
    String identity();

    /** The lock's name for logs, e.g. {@code kube-system/kube-scheduler}. */
    String describe();
}
