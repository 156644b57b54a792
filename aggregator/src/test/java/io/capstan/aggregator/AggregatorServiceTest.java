package io.capstan.aggregator;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AggregatorServiceTest {

    @Test
    void backendUriDropsATrailingSlash() {
        assertEquals("http://127.0.0.1:6444", AggregatorService.backendUri("http://127.0.0.1:6444/").toString());
    }

    @ParameterizedTest(name = "--apiserver-url {0} is refused")
    @ValueSource(strings = {"127.0.0.1:6444", "ftp://host", "http://", "not a url"})
    void backendUriRejectsWhatCannotWork(String url) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> AggregatorService.backendUri(url));
        assertTrue(e.getMessage().contains("--apiserver-url"), e.getMessage());
    }
}
