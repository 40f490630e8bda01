package io.comet.config.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.osgi.service.metatype.AttributeDefinition;

/** Messages for whole numbers name the range the metatype declares, not the range of the Java type. */
class ValueParserRangeTest {
    /** Validates as Felix's metatype does for an AD with {@code min}/{@code max} (either may be absent). */
    private static TestAttributes.Ad ranged(String id, int type, Long min, Long max) {
        return new TestAttributes.Ad(id, type, 0, new String[] {"1"}, null, null).withValidator(v -> {
            long n;
            try {
                n = Long.parseLong(v);
            } catch (NumberFormatException e) {
                return "%invalid value";
            }
            if (min != null && n < min) {
                return "%less than minimum";
            }
            if (max != null && n > max) {
                return "%greater than maximum";
            }
            return "";
        });
    }

    private static String refusal(AttributeDefinition ad, String text) {
        return assertThrows(ValueParser.InvalidValueException.class, () -> ValueParser.parse(ad, text)).getMessage();
    }

    @Test
    void aPortNamesItsDeclaredRangeForTextAndForOutOfRangeNumbers() {
        AttributeDefinition port = ranged("listenPort", AttributeDefinition.INTEGER, 0L, 65535L);
        assertEquals("expected a whole number from 0 to 65535", refusal(port, "oops"));
        assertEquals("expected a whole number from 0 to 65535", refusal(port, "70000"));
        assertEquals("expected a whole number from 0 to 65535", refusal(port, "-1"));
        assertEquals("expected a whole number from 0 to 65535", refusal(port, "99999999999"));
    }

    @Test
    void aMissingBoundIsTheTypesOwn() throws Exception {
        assertEquals("expected a whole number from 1 to 9223372036854775807",
                refusal(ranged("scanNotActiveBrokerInterval", AttributeDefinition.LONG, 1L, null), "0"));
        assertEquals("expected a whole number from -2147483648 to 100",
                refusal(ranged("x", AttributeDefinition.INTEGER, null, 100L), "x"));
        assertEquals("expected a whole number from -2147483648 to 2147483647",
                refusal(ranged("y", AttributeDefinition.INTEGER, null, null), "1.5"));
        assertEquals(65535, ValueParser.parse(ranged("p", AttributeDefinition.INTEGER, 0L, 65535L), "65535"));
    }
}
