package io.comet.config.internal;

import java.util.function.Function;
import org.osgi.service.metatype.AttributeDefinition;

/** Attribute definitions for tests, shaped like the ones bnd generates from {@code @AttributeDefinition}. */
final class TestAttributes {
    private TestAttributes() { }

    record Ad(String id, int type, int cardinality, String[] defaults, String[] options,
              Function<String, String> validator) implements AttributeDefinition {
        @Override public String getName() { return id; }
        @Override public String getID() { return id; }
        @Override public String getDescription() { return id; }
        @Override public int getCardinality() { return cardinality; }
        @Override public int getType() { return type; }
        @Override public String[] getOptionValues() { return options; }
        @Override public String[] getOptionLabels() { return options; }
        @Override public String validate(String value) { return validator == null ? null : validator.apply(value); }
        @Override public String[] getDefaultValue() { return defaults; }

        Ad withValidator(Function<String, String> v) {
            return new Ad(id, type, cardinality, defaults, options, v);
        }

        Ad withCardinality(int c) {
            return new Ad(id, type, c, defaults, options, validator);
        }
    }

    static Ad string(String id, String dflt) {
        return new Ad(id, AttributeDefinition.STRING, 0, dflt == null ? null : new String[] {dflt}, null, null);
    }

    static Ad integer(String id, int dflt) {
        return new Ad(id, AttributeDefinition.INTEGER, 0, new String[] {String.valueOf(dflt)}, null, null);
    }

    static Ad longValue(String id, long dflt) {
        return new Ad(id, AttributeDefinition.LONG, 0, new String[] {String.valueOf(dflt)}, null, null);
    }

    static Ad bool(String id, boolean dflt) {
        return new Ad(id, AttributeDefinition.BOOLEAN, 0, new String[] {String.valueOf(dflt)}, null, null);
    }

    static Ad options(String id, String dflt, String... options) {
        return new Ad(id, AttributeDefinition.STRING, 0, new String[] {dflt}, options, null);
    }
}
