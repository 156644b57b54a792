package io.capstan.common.api;

import io.fabric8.kubernetes.api.model.Status;

/** A 409 Conflict: the write's resourceVersion precondition failed; read again and retry (apierrors.IsConflict). */
public class ConflictException extends StatusException {
    public ConflictException(Status status) {
        super(status);
    }
}
