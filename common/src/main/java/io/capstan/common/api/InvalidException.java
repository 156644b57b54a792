package io.capstan.common.api;

import io.fabric8.kubernetes.api.model.Status;

/** A 422 Invalid: the object failed validation; {@code status.details.causes} name the fields (apierrors.IsInvalid). */
public class InvalidException extends StatusException {
    public InvalidException(Status status) {
        super(status);
    }
}
