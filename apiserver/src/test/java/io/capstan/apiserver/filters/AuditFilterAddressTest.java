package io.capstan.apiserver.filters;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.InetAddress;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Source IPs are printed as Go prints them, so that log queries written for upstream match. */
class AuditFilterAddressTest {
    @ParameterizedTest
    @CsvSource({
            "127.0.0.1, 127.0.0.1",
            "::1, ::1",
            "0:0:0:0:0:0:0:0, ::",
            "2001:db8:0:0:0:0:2:1, 2001:db8::2:1",
            "2001:db8:0:1:1:1:1:1, 2001:db8:0:1:1:1:1:1",
            "2001:0:0:1:0:0:0:1, 2001:0:0:1::1",
            "fe80:0:0:0:0:0:0:0, fe80::",
    })
    void printsAddressesAsGo(String literal, String expected) throws Exception {
        assertEquals(expected, AuditFilter.text(InetAddress.getByName(literal)));
    }
}
