package io.capstan.apiserver.audit;

/**
 * A request body as read, with its Content-Type: what the handler records as the request object, decoded only if
 * the request is audited at a level that logs it.
 */
public record RawBody(byte[] data, String contentType) {
}
