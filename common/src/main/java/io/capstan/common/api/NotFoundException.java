package io.capstan.common.api;

import io.fabric8.kubernetes.api.model.Status;

/** A 404 NotFound: the object (or the path) does not exist (apierrors.IsNotFound). */
public class NotFoundException extends StatusException {
    public NotFoundException(Status status) {
        super(status);
    }
}
