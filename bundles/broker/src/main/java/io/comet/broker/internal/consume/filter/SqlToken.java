package io.comet.broker.internal.consume.filter;

/**
 * One lexical token of a SQL92 filter expression.
 *
 * @param kind what it is
 * @param text the identifier, keyword (upper case), operator or decoded string literal
 * @param number the value of a numeric literal ({@link Long} or {@link Double}), else {@code null}
 * @param position index of the token's first character in the expression
 */
record SqlToken(Kind kind, String text, Number number, int position) {

    /** Token kinds. Keywords are matched case-insensitively. */
    enum Kind { IDENT, STRING, NUMBER, KEYWORD, OPERATOR, END }

    boolean is(Kind k, String t) {
        return kind == k && text.equals(t);
    }

    boolean isKeyword(String t) {
        return is(Kind.KEYWORD, t);
    }

    boolean isOperator(String t) {
        return is(Kind.OPERATOR, t);
    }

    String describe() {
        return switch (kind) {
            case END -> "end of expression";
            case STRING -> "string '" + text + "'";
            default -> "'" + text + "'";
        };
    }
}
