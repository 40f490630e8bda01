package io.comet.broker.internal.consume.filter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The SQL92 subset RocketMQ's {@code MessageSelector.bySql} accepts, evaluated on message properties. */
class SqlFilterExpressionTest {

    private static boolean eval(String sql, String... kv) throws Exception {
        Map<String, String> props = new HashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            props.put(kv[i], kv[i + 1]);
        }
        return SqlFilterExpression.compile(sql).matches(props);
    }

    @Test
    void numericComparisonsReadPropertiesAsNumbers() throws Exception {
        assertTrue(eval("a > 3", "a", "4"));
        assertFalse(eval("a > 3", "a", "3"));
        assertTrue(eval("a >= 3", "a", "3"));
        assertTrue(eval("a < 3.5", "a", "3"));
        assertTrue(eval("a <= -1", "a", "-1"));
        assertTrue(eval("a = 10", "a", "10"));
        assertTrue(eval("a <> 10", "a", "11"));
        assertTrue(eval("a > 2", "a", "2.5"), "a fraction compares with an integer literal");
        assertTrue(eval("a > b", "a", "10", "b", "9"), "two numeric properties compare as numbers, not text");
    }

    @Test
    void stringEqualityAndInequality() throws Exception {
        assertTrue(eval("region = 'hangzhou'", "region", "hangzhou"));
        assertFalse(eval("region = 'hangzhou'", "region", "beijing"));
        assertTrue(eval("region <> 'hangzhou'", "region", "beijing"));
        assertTrue(eval("name = 'it''s'", "name", "it's"), "'' inside a literal is one quote");
    }

    @Test
    void betweenAndNotBetweenAreInclusive() throws Exception {
        assertTrue(eval("a BETWEEN 0 AND 3", "a", "0"));
        assertTrue(eval("a between 0 and 3", "a", "3"));
        assertFalse(eval("a BETWEEN 0 AND 3", "a", "4"));
        assertTrue(eval("a NOT BETWEEN 0 AND 3", "a", "4"));
        assertFalse(eval("a NOT BETWEEN 0 AND 3", "a", "2"));
    }

    @Test
    void inAndNotIn() throws Exception {
        assertTrue(eval("tag IN ('a', 'b')", "tag", "b"));
        assertFalse(eval("tag IN ('a', 'b')", "tag", "c"));
        assertTrue(eval("tag NOT IN ('a', 'b')", "tag", "c"));
        assertFalse(eval("tag NOT IN ('a', 'b')"), "a missing property is unknown, not 'not in'");
    }

    @Test
    void isNullAndIsNotNull() throws Exception {
        assertTrue(eval("a IS NULL"));
        assertFalse(eval("a IS NULL", "a", "1"));
        assertTrue(eval("a IS NOT NULL", "a", ""));
    }

    @Test
    void threeValuedLogicOnMissingProperties() throws Exception {
        assertFalse(eval("a > 1"), "comparison with a missing property does not match");
        assertFalse(eval("NOT (a > 1)"), "NOT unknown is unknown");
        assertFalse(eval("a <> 'x'"), "<> with a missing property does not match");
        assertTrue(eval("a > 1 OR b = 'y'", "b", "y"), "TRUE OR unknown is TRUE");
        assertFalse(eval("a > 1 AND b = 'y'", "b", "y"), "unknown AND TRUE is unknown");
        assertFalse(eval("a > 1 AND b = 'y'", "a", "0"), "FALSE AND unknown is FALSE");
        assertTrue(eval("NOT (a > 1 AND b = 'y')", "a", "0"), "NOT FALSE is TRUE");
    }

    @Test
    void precedenceAndParentheses() throws Exception {
        assertTrue(eval("a = 1 OR a = 2 AND b = 3", "a", "1", "b", "0"), "AND binds tighter than OR");
        assertFalse(eval("(a = 1 OR a = 2) AND b = 3", "a", "1", "b", "0"));
        assertTrue(eval("NOT (a = 1)", "a", "2"));
    }

    @Test
    void textThatIsNoNumberDoesNotMatchANumericComparison() throws Exception {
        assertFalse(eval("a > 3", "a", "abc"));
        assertFalse(eval("a = 3", "a", "abc"));
        assertFalse(eval("a <> 3", "a", "abc"), "an evaluation error never selects the message");
    }

    @Test
    void containsStartsWithEndsWith() throws Exception {
        assertTrue(eval("a CONTAINS 'bc'", "a", "abcd"));
        assertTrue(eval("a NOT CONTAINS 'x'", "a", "abcd"));
        assertTrue(eval("a STARTSWITH 'ab'", "a", "abcd"));
        assertTrue(eval("a ENDSWITH 'cd'", "a", "abcd"));
        assertFalse(eval("a ENDSWITH 'ab'", "a", "abcd"));
    }

    @Test
    void keywordsAreCaseInsensitiveAndBooleansWork() throws Exception {
        assertTrue(eval("flag = TRUE and x is not null", "flag", "true", "x", "1"));
        assertTrue(eval("flag", "flag", "true"), "a bare property is read as a boolean");
        assertFalse(eval("flag", "flag", "no"));
        assertTrue(eval("TRUE"));
        assertFalse(eval("FALSE OR FALSE"));
    }

    @Test
    void invalidExpressionsAreRejectedWithWhereAndWhy() {
        FilterExpressionException e = assertThrows(FilterExpressionException.class,
                () -> SqlFilterExpression.compile("a > 'x'"));
        assertTrue(e.getMessage().contains("compares numbers only"), e.getMessage());
        e = assertThrows(FilterExpressionException.class, () -> SqlFilterExpression.compile("a = NULL"));
        assertTrue(e.getMessage().contains("IS NULL"), e.getMessage());
        e = assertThrows(FilterExpressionException.class, () -> SqlFilterExpression.compile("a BETWEEN 5 AND 1"));
        assertTrue(e.getMessage().contains("low <= high"), e.getMessage());
        e = assertThrows(FilterExpressionException.class, () -> SqlFilterExpression.compile("a = 'x"));
        assertTrue(e.getMessage().contains("not closed"), e.getMessage());
        e = assertThrows(FilterExpressionException.class, () -> SqlFilterExpression.compile("a = 1 b"));
        assertTrue(e.getMessage().contains("position 6"), e.getMessage());
        e = assertThrows(FilterExpressionException.class, () -> SqlFilterExpression.compile("a IN (1, 2)"));
        assertTrue(e.getMessage().contains("string literal"), e.getMessage());
        e = assertThrows(FilterExpressionException.class, () -> SqlFilterExpression.compile("a + 1"));
        assertTrue(e.getMessage().contains("unexpected"), e.getMessage());
        assertThrows(FilterExpressionException.class, () -> SqlFilterExpression.compile("a > 1 AND"));
        assertThrows(FilterExpressionException.class, () -> SqlFilterExpression.compile("(a > 1"));
        assertThrows(FilterExpressionException.class, () -> SqlFilterExpression.compile(""));
        assertThrows(FilterExpressionException.class, () -> SqlFilterExpression.compile("a ! 1"));
        assertThrows(FilterExpressionException.class, () -> SqlFilterExpression.compile("5"));
    }

    @Test
    void compiledExpressionsAreCachedByText() throws Exception {
        assertEquals(SqlFilterExpression.compile("a > 1"), SqlFilterExpression.compile("a > 1"));
    }
}
