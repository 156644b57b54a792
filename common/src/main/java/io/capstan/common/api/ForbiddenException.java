package io.capstan.common.api;

import io.fabric8.kubernetes.api.model.Status;

/** A 403 Forbidden: the user may not do this (apierrors.IsForbidden). */
public class ForbiddenException extends StatusException {
    public ForbiddenException(Status status) {
        super(status);
    }
}
