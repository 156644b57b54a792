package io.capstan.common.api;

import io.fabric8.kubernetes.api.model.Status;

/** A 429 TooManyRequests: the server asks the client to slow down (apierrors.IsTooManyRequests). */
public class TooManyRequestsException extends StatusException {
    public TooManyRequestsException(Status status) {
        super(status);
    }
}
