package io.capstan.apiserver.registry.core.service;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Service CIDRs and node port ranges numbered as upstream's allocators number them. */
class ServiceIPRangeTest {

    @ParameterizedTest(name = "{0}: {1} addresses from {2}, dynamic from offset {3}")
    @CsvSource({
            "10.0.0.0/24,   254,   10.0.0.1,  16",
            "10.96.0.0/12,  1048574, 10.96.0.1, 256",
            "10.1.0.0/28,   14,    10.1.0.1,  0",
            "10.0.0.77/24,  254,   10.0.0.1,  16"})
    void numbersTheRange(String cidr, int size, String first, int dynamic) {
        ServiceIPRange r = ServiceIPRange.parse(cidr);
        assertEquals(Math.min(size, 1 << 20), r.size());
        assertEquals(first, r.ipAt(0));
        assertEquals(0, r.offsetOf(first));
        assertEquals(dynamic, r.dynamicOffset());
    }

    @ParameterizedTest(name = "{0} in 10.0.0.0/24 -> offset {1}")
    @CsvSource({"10.0.0.1, 0", "10.0.0.254, 253", "10.0.0.0, -1", "10.0.0.255, -1", "10.0.1.1, -1", "fd00::1, -1", "x, -1", "10.0.0.01a, -1"})
    void offsets(String ip, int offset) {
        assertEquals(offset, ServiceIPRange.parse("10.0.0.0/24").offsetOf(ip));
    }

    @ParameterizedTest
    @ValueSource(strings = {"10.0.0.0", "10.0.0.0/31", "fd00::/108", "10.0.0.0/x", "300.0.0.0/24"})
    void refusesWhatItCannotServe(String cidr) {
        assertThrows(IllegalArgumentException.class, () -> ServiceIPRange.parse(cidr));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"30000-32767, 30000, 2768, 86", "20000+10, 20000, 11, 0", "8080, 8080, 1, 0"})
    void portRanges(String text, int base, int size, int dynamic) {
        PortRange r = PortRange.parse(text);
        assertEquals(base, r.base());
        assertEquals(size, r.size());
        assertEquals(dynamic, r.dynamicOffset());
        assertEquals(-1, r.offsetOf(base - 1));
        assertEquals(0, r.offsetOf(base));
    }

    @ParameterizedTest
    @ValueSource(strings = {"abc", "32767-30000", "0-10", "1-70000"})
    void refusesBadPortRanges(String text) {
        assertThrows(IllegalArgumentException.class, () -> PortRange.parse(text));
    }
}
