package io.capstan.common.controller;

/**
 * Drives one object towards its desired state, as controller-runtime's {@code reconcile.Reconciler}.
 * Level-based: read the current state (usually from listers), never trust the event that queued
 * the request. A request is never reconciled by two workers at once.
 */
@FunctionalInterface
public interface Reconciler {

    /**
     * Reconciles one object.
     *
     * @return what to do next
     * @throws Exception on failure; the request is retried with per-item exponential back-off
     */
    Result reconcile(Request request) throws Exception;
}
