package io.capstan.apiserver.storage.etcd;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EtcdEndpointsTest {

    @Test
    void parsesHostsPortsAndSchemeKeepingOrderWithoutDuplicates() {
        EtcdEndpoints endpoints = EtcdEndpoints.parse(List.of(
                "http://127.0.0.1:2379", " http://etcd-1.example:32379 ", "http://etcd-2.example", "http://127.0.0.1:2379"));
        assertFalse(endpoints.tls());
        assertEquals(List.of(
                new EtcdEndpoints.Member("127.0.0.1", 2379),
                new EtcdEndpoints.Member("etcd-1.example", 32379),
                new EtcdEndpoints.Member("etcd-2.example", 2379)), endpoints.members());
    }

    @Test
    void httpsMeansTlsAndIpv6HostsKeepTheirBracketsInTheAuthority() {
        EtcdEndpoints endpoints = EtcdEndpoints.parse(List.of("https://[::1]:2379"));
        assertTrue(endpoints.tls());
        assertEquals("::1", endpoints.members().getFirst().host());
        assertEquals("[::1]:2379", endpoints.members().getFirst().authority());
    }

    @Test
    void refusesWhatIsNotAnEtcdClientUrl() {
        for (List<String> bad : List.of(
                List.<String>of(),
                List.of("127.0.0.1:2379"),
                List.of("unix:///run/etcd.sock"),
                List.of("http://"),
                List.of("http://a:2379", "https://b:2379"))) {
            assertThrows(IllegalArgumentException.class, () -> EtcdEndpoints.parse(bad), bad.toString());
        }
    }
}
