package io.capstan.scheduler.framework;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ResourceQuantityTest {

    @ParameterizedTest(name = "{0} = {1} milli, {2} whole")
    @CsvSource({
            "100m, 100, 1",
            "1, 1000, 1",
            "0.5, 500, 1",
            "2k, 2000000, 2000",
            "1e3, 1000000, 1000",
            "1E3, 1000000, 1000",
            "1.5e-3, 2, 1",
            "1Ki, 1024000, 1024",
            "500Mi, 524288000000, 524288000",
            "1Gi, 1073741824000, 1073741824",
            "2M, 2000000000, 2000000",
            "1G, 1000000000000, 1000000000",
            "250u, 1, 1",
            "10n, 1, 1",
            "1E, 1000000000000000000000, 1000000000000000000",
            ".5, 500, 1",
            "3., 3000, 3",
            "0, 0, 0",
    })
    void parsesLikeApimachinery(String text, String milli, String whole) {
        ResourceQuantity q = ResourceQuantity.parse(text);
        if (milli.length() < 19) {
            assertEquals(Long.parseLong(milli), q.milliValue());
        } else {
            assertEquals(new java.math.BigDecimal(milli), q.amount().scaleByPowerOfTen(3).stripTrailingZeros().setScale(0));
        }
        assertEquals(Long.parseLong(whole), q.value());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "abc", "1Kb", "m", "1 Gi", "--1", "1ki"})
    void rejectsWhatIsNotAQuantity(String text) {
        assertThrows(IllegalArgumentException.class, () -> ResourceQuantity.parse(text));
    }
}
