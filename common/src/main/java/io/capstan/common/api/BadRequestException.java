package io.capstan.common.api;

import io.fabric8.kubernetes.api.model.Status;

/** A 400 BadRequest: the request itself is malformed (apierrors.IsBadRequest). */
public class BadRequestException extends StatusException {
    public BadRequestException(Status status) {
        super(status);
    }
}
