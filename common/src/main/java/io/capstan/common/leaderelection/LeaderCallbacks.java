package io.capstan.common.leaderelection;

/**
 * What a {@link LeaderElector} tells its owner, as client-go's {@code LeaderCallbacks}. Callbacks run on
 * the elector's thread, so they must return promptly; start long work on threads of your own.
 */
public interface LeaderCallbacks {

    /** This candidate now leads: start the work that only a leader may do. */
    void onStartedLeading();

    /**
     * This candidate stopped leading, or never led and the elector was stopped. The work must be stopped
     * when this returns: the elector releases the lock only afterwards, so no successor overlaps it.
     */
    void onStoppedLeading();

    /** The observed leader changed (also on the first observation); {@code identity} may be this candidate. */
    default void onNewLeader(String identity) {
    }
}
