package io.capstan.aggregator;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class HopByHopHeadersTest {

    @ParameterizedTest(name = "{0} with Connection \"{1}\" is hop-by-hop: {2}")
    @CsvSource(delimiter = '|', value = {
            "Connection        | ''                 | true",
            "Keep-Alive        | ''                 | true",
            "Transfer-Encoding | ''                 | true",
            "TE                | ''                 | true",
            "Trailer           | ''                 | true",
            "Upgrade           | ''                 | true",
            "Proxy-Authorization | ''               | true",
            "X-Custom          | 'close, X-Custom'  | true",
            "x-custom          | 'X-CUSTOM'         | true",
            "X-Other           | 'close, X-Custom'  | false",
            "Content-Type      | ''                 | false",
            "Accept            | ''                 | false",
            "Authorization     | ''                 | false",
    })
    void classifiesHeaders(String header, String connection, boolean hopByHop) {
        HopByHopHeaders headers = HopByHopHeaders.of(connection.isEmpty() ? List.of() : List.of(connection));
        assertEquals(hopByHop, headers.contains(header));
    }
}
