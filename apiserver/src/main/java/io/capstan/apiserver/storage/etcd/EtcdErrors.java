package io.capstan.apiserver.storage.etcd;

import io.capstan.apiserver.storage.StorageException;
import io.capstan.apiserver.storage.StorageUnavailableException;
import io.grpc.Status;

import java.io.IOException;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/** Classifies gRPC failures from etcd. etcd reports most conditions only as a status code plus message. */
final class EtcdErrors {
    private static final String COMPACTED = "required revision has been compacted";
    private static final String FUTURE = "required revision is a future revision";
    /** Codes that say "the request is wrong", which retrying cannot fix. */
    private static final Set<Status.Code> PERMANENT = EnumSet.of(Status.Code.INVALID_ARGUMENT,
            Status.Code.PERMISSION_DENIED, Status.Code.UNAUTHENTICATED, Status.Code.FAILED_PRECONDITION,
            Status.Code.UNIMPLEMENTED, Status.Code.OUT_OF_RANGE, Status.Code.NOT_FOUND, Status.Code.ALREADY_EXISTS);

    private EtcdErrors() {
    }

    /** Strips the wrappers futures put around the real failure. */
    static Throwable unwrap(Throwable t) {
        while ((t instanceof ExecutionException || t instanceof CompletionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    static boolean isCompacted(Throwable t) {
        return messageContains(t, COMPACTED);
    }

    static boolean isFutureRevision(Throwable t) {
        return messageContains(t, FUTURE);
    }

    /** True when retrying cannot help (as opposed to the server being unreachable or overloaded). */
    static boolean isPermanent(Throwable t) {
        return PERMANENT.contains(Status.fromThrowable(unwrap(t)).getCode());
    }

    /** Maps a failure that is neither "compacted" nor "future revision" (callers check those first). */
    static StorageException map(String what, Throwable t) {
        Throwable cause = unwrap(t);
        if (cause instanceof StorageException s) {
            return s;
        }
        if (cause instanceof CancellationException || cause instanceof IOException || !isPermanent(cause)) {
            return new StorageUnavailableException("etcd " + what + " failed: " + cause.getMessage(), cause);
        }
        return new StorageException("etcd " + what + " failed: " + cause.getMessage(), cause);
    }

    private static boolean messageContains(Throwable t, String text) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c.getMessage() != null && c.getMessage().contains(text)) {
                return true;
            }
        }
        return false;
    }
}
