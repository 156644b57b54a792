package io.capstan.common.controller;

/**
 * Something a {@link Manager} runs in each term, as controller-runtime's {@code manager.Runnable}:
 * built on the term's {@link Cluster}, started after the term's informers started (it waits for their
 * sync itself), and closed when the term ends. A {@link Controller} is one; a scheduler loop is another.
 */
public interface Component extends AutoCloseable {

    /** The name in logs. */
    String name();

    /** Starts the work in the background; returns at once. */
    void start();

    /** Stops the work; idempotent, never throws. */
    @Override
    void close();
}
