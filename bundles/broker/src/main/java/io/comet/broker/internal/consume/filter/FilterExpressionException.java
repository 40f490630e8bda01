package io.comet.broker.internal.consume.filter;

/** A subscription expression (TAG or SQL92) that cannot be compiled; the message names the defect and where. */
public final class FilterExpressionException extends Exception {
    private static final long serialVersionUID = 1L;

    public FilterExpressionException(String message) {
        super(message);
    }
}
