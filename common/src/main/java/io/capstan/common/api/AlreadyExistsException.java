package io.capstan.common.api;

import io.fabric8.kubernetes.api.model.Status;

/** A 409 AlreadyExists: a create named an object that exists (apierrors.IsAlreadyExists). */
public class AlreadyExistsException extends StatusException {
    public AlreadyExistsException(Status status) {
        super(status);
    }
}
