package io.capstan.apiserver.storage.etcd;

import io.capstan.apiserver.storage.StorageException;
import io.capstan.apiserver.storage.StorageUnavailableException;
import io.etcd.jetcd.common.exception.ClosedClientException;
import io.etcd.jetcd.common.exception.CompactedException;
import io.etcd.jetcd.common.exception.ErrorCode;
import io.etcd.jetcd.common.exception.EtcdException;
import io.grpc.Status;

import java.io.IOException;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/** Classifies jetcd/gRPC failures. etcd reports most conditions only as a status code plus message. */
final class EtcdErrors {
    private static final String COMPACTED = "required revision has been compacted";
    private static final String FUTURE = "required revision is a future revision";
    /** Codes that say "the request is wrong", which retrying cannot fix. */
    private static final Set<ErrorCode> PERMANENT = EnumSet.of(ErrorCode.INVALID_ARGUMENT, ErrorCode.PERMISSION_DENIED,
            ErrorCode.UNAUTHENTICATED, ErrorCode.FAILED_PRECONDITION, ErrorCode.UNIMPLEMENTED, ErrorCode.OUT_OF_RANGE,
            ErrorCode.NOT_FOUND, ErrorCode.ALREADY_EXISTS);

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
        return unwrap(t) instanceof CompactedException || messageContains(t, COMPACTED);
    }

    static boolean isFutureRevision(Throwable t) {
        return messageContains(t, FUTURE);
    }

    /** The compacted revision a watch cancellation reported, or 0 when the error does not say. */
    static long compactedRevision(Throwable t) {
        return unwrap(t) instanceof CompactedException c ? c.getCompactedRevision() : 0;
    }

    /** True when retrying cannot help (as opposed to the server being unreachable or overloaded). */
    static boolean isPermanent(Throwable t) {
        Throwable cause = unwrap(t);
        if (cause instanceof EtcdException e) {
            return PERMANENT.contains(e.getErrorCode());
        }
        Status.Code code = Status.fromThrowable(cause).getCode();
        return code != Status.Code.UNKNOWN && code != Status.Code.UNAVAILABLE && code != Status.Code.DEADLINE_EXCEEDED
                && code != Status.Code.CANCELLED && code != Status.Code.ABORTED && code != Status.Code.INTERNAL
                && code != Status.Code.RESOURCE_EXHAUSTED;
    }

    /** Maps a failure that is neither "compacted" nor "future revision" (callers check those first). */
    static StorageException map(String what, Throwable t) {
        Throwable cause = unwrap(t);
        if (cause instanceof StorageException s) {
            return s;
        }
        if (cause instanceof ClosedClientException || cause instanceof CancellationException
                || cause instanceof IOException || !isPermanent(cause)) {
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
