package io.capstan.common.api;

import io.fabric8.kubernetes.api.model.Status;

/** A 401 Unauthorized: no or bad credentials (apierrors.IsUnauthorized). */
public class UnauthorizedException extends StatusException {
    public UnauthorizedException(Status status) {
        super(status);
    }
}
