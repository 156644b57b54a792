package io.capstan.common.selector;

/** A label or field selector that cannot be parsed; the API answers it with 400 BadRequest. */
public class SelectorException extends IllegalArgumentException {
    public SelectorException(String message) {
        super(message);
    }
}
