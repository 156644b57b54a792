package io.capstan.apiserver.endpoints;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

/** Invalid UTF-8 becomes U+FFFD, as Go's JSON decoder makes it; valid input is left as it is. */
class GoUtf8Test {

    @Test
    void validInputIsReturnedAsIs() {
        byte[] ascii = "{\"a\":\"b\"}".getBytes(StandardCharsets.UTF_8);
        byte[] unicode = "{\"a\":\"é😀\"}".getBytes(StandardCharsets.UTF_8);
        assertSame(ascii, GoUtf8.replaceInvalid(ascii));
        assertSame(unicode, GoUtf8.replaceInvalid(unicode));
    }

    @Test
    void strayBytesAndOverlongFormsBecomeReplacementCharacters() {
        byte[] stray = {'"', (byte) 0xff, (byte) 0xfe, '"'};
        assertEquals("\"\uFFFD\uFFFD\"", new String(GoUtf8.replaceInvalid(stray), StandardCharsets.UTF_8));
        byte[] overlongSlash = {'"', 'a', (byte) 0xc0, (byte) 0xaf, 'b', '"'};
        String decoded = new String(GoUtf8.replaceInvalid(overlongSlash), StandardCharsets.UTF_8);
        assertEquals(-1, decoded.indexOf('/'), decoded);
        assertEquals("\"a\uFFFD\uFFFDb\"", decoded);
    }
}
