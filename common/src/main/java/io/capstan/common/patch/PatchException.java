package io.capstan.common.patch;

/** A patch that cannot be applied; the API answers with 422 (or 400 for a malformed patch document). */
public class PatchException extends RuntimeException {
    private final boolean malformed;

    public PatchException(String message, boolean malformed) {
        super(message);
        this.malformed = malformed;
    }

    /** True when the patch document itself is malformed (400), false when it does not apply (422). */
    public boolean malformed() {
        return malformed;
    }
}
