package io.capstan.common.api;

import io.fabric8.kubernetes.api.model.Status;

/** A 410 Gone or Expired: the resourceVersion or continue token is too old; list again (apierrors.IsGone, IsResourceExpired). */
public class GoneException extends StatusException {
    public GoneException(Status status) {
        super(status);
    }
}
