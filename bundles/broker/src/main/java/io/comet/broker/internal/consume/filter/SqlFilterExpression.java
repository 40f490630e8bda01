package io.comet.broker.internal.consume.filter;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * A compiled SQL92 property filter (RocketMQ's {@code MessageSelector.bySql}). Supported: comparisons
 * {@code = <> > >= < <=}, AND, OR, NOT, {@code [NOT] BETWEEN a AND b}, {@code [NOT] IN ('a', ...)},
 * {@code IS [NOT] NULL}, {@code [NOT] CONTAINS|STARTSWITH|ENDSWITH 'x'}, string, integer, decimal, TRUE, FALSE
 * literals and parentheses (grammar in {@link SqlParser}). A message matches only when the expression is TRUE:
 * missing properties make comparisons unknown, and a value that cannot be compared (text where a number is
 * needed) makes the message not match. Compiled expressions are cached by text.
 */
public final class SqlFilterExpression {
    private static final int CACHE_LIMIT = 1024;
    private static final Map<String, SqlFilterExpression> CACHE = new ConcurrentHashMap<>();

    private final String text;
    private final SqlNode root;

    private SqlFilterExpression(String text, SqlNode root) {
        this.text = text;
        this.root = root;
    }

    /** Compiles {@code expression}; throws naming the position and the defect when it is not valid. */
    public static SqlFilterExpression compile(String expression) throws FilterExpressionException {
        SqlFilterExpression cached = expression == null ? null : CACHE.get(expression);
        if (cached != null) {
            return cached;
        }
        SqlFilterExpression compiled = new SqlFilterExpression(expression, SqlParser.parse(expression));
        if (CACHE.size() >= CACHE_LIMIT) {
            CACHE.clear();
        }
        CACHE.put(expression, compiled);
        return compiled;
    }

    /** True when the message whose properties {@code props} returns (null for missing ones) is selected. */
    public boolean matches(Function<String, String> props) {
        try {
            return Boolean.TRUE.equals(root.eval(props));
        } catch (SqlNode.EvaluationException e) {
            return false;
        }
    }

    /** Convenience for a property map. */
    public boolean matches(Map<String, String> props) {
        return matches(props::get);
    }

    public String text() {
        return text;
    }

    @Override
    public String toString() {
        return text;
    }
}
