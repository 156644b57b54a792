package io.capstan.apiserver.endpoints;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * JSON bodies decoded as Go's {@code encoding/json} decodes them: invalid UTF-8 (stray bytes, overlong
 * forms such as {@code C0 AF} for {@code /}, surrogates) is not an error but becomes U+FFFD, so that a
 * name holding it is refused by validation (422) exactly as upstream refuses it, and an overlong form never
 * passes for the ASCII character it imitates.
 */
final class GoUtf8 {
    private GoUtf8() {
    }

    /** {@code body} itself when it is valid UTF-8, else a copy with every invalid sequence replaced by U+FFFD. */
    static byte[] replaceInvalid(byte[] body) {
        if (isAscii(body)) {
            return body;
        }
        CharsetDecoder strict = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        try {
            strict.decode(ByteBuffer.wrap(body));
            return body;
        } catch (CharacterCodingException e) {
            CharsetDecoder replacing = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPLACE).onUnmappableCharacter(CodingErrorAction.REPLACE)
                    .replaceWith("\uFFFD");
            try {
                CharBuffer chars = replacing.decode(ByteBuffer.wrap(body));
                ByteBuffer out = StandardCharsets.UTF_8.encode(chars);
                byte[] bytes = new byte[out.remaining()];
                out.get(bytes);
                return bytes;
            } catch (CharacterCodingException impossible) {
                return body;
            }
        }
    }

    private static boolean isAscii(byte[] body) {
        for (byte b : body) {
            if (b < 0) {
                return false;
            }
        }
        return true;
    }
}
