package io.comet.broker.internal.consume.filter;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Splits a SQL92 filter expression into tokens, following RocketMQ's selector grammar: identifiers
 * {@code [A-Za-z_$][A-Za-z0-9_$]*}; keywords NOT AND OR BETWEEN IN TRUE FALSE NULL IS CONTAINS STARTSWITH ENDSWITH
 * (any case); decimal integers (optional {@code L} suffix) and floating-point literals ({@code 5.5}, {@code .5},
 * {@code 5E10}); string literals in single quotes with {@code ''} for a quote; operators
 * {@code = <> > >= < <= ( ) , + -}; {@code --} line comments and block comments are skipped.
 */
final class SqlLexer {
    private static final Set<String> KEYWORDS = Set.of("NOT", "AND", "OR", "BETWEEN", "IN", "TRUE", "FALSE", "NULL",
            "IS", "CONTAINS", "STARTSWITH", "ENDSWITH");

    private final String src;
    private int pos;

    private SqlLexer(String src) {
        this.src = src;
    }

    /** The tokens of {@code expression}, ending with an END token. */
    static List<SqlToken> tokenize(String expression) throws FilterExpressionException {
        SqlLexer lexer = new SqlLexer(expression);
        List<SqlToken> out = new ArrayList<>();
        SqlToken t;
        do {
            t = lexer.next();
            out.add(t);
        } while (t.kind() != SqlToken.Kind.END);
        return out;
    }

    private SqlToken next() throws FilterExpressionException {
        skipBlanksAndComments();
        if (pos >= src.length()) {
            return new SqlToken(SqlToken.Kind.END, "", null, pos);
        }
        int start = pos;
        char c = src.charAt(pos);
        if (Character.isLetter(c) || c == '_' || c == '$') {
            while (pos < src.length() && isIdentPart(src.charAt(pos))) {
                pos++;
            }
            String word = src.substring(start, pos);
            String upper = word.toUpperCase(Locale.ROOT);
            return KEYWORDS.contains(upper) ? new SqlToken(SqlToken.Kind.KEYWORD, upper, null, start)
                    : new SqlToken(SqlToken.Kind.IDENT, word, null, start);
        }
        if (Character.isDigit(c) || (c == '.' && pos + 1 < src.length() && Character.isDigit(src.charAt(pos + 1)))) {
            return number(start);
        }
        if (c == '\'') {
            return string(start);
        }
        pos++;
        switch (c) {
            case '=', '(', ')', ',', '+', '-':
                return new SqlToken(SqlToken.Kind.OPERATOR, String.valueOf(c), null, start);
            case '>':
                return operatorWithEquals(">", start);
            case '<':
                if (pos < src.length() && src.charAt(pos) == '>') {
                    pos++;
                    return new SqlToken(SqlToken.Kind.OPERATOR, "<>", null, start);
                }
                return operatorWithEquals("<", start);
            default:
                throw new FilterExpressionException("unexpected character '" + c + "' at position " + start
                        + " of SQL92 expression: " + src);
        }
    }

    private SqlToken operatorWithEquals(String op, int start) {
        if (pos < src.length() && src.charAt(pos) == '=') {
            pos++;
            return new SqlToken(SqlToken.Kind.OPERATOR, op + "=", null, start);
        }
        return new SqlToken(SqlToken.Kind.OPERATOR, op, null, start);
    }

    private SqlToken number(int start) throws FilterExpressionException {
        boolean floating = false;
        while (pos < src.length() && Character.isDigit(src.charAt(pos))) {
            pos++;
        }
        if (pos < src.length() && src.charAt(pos) == '.') {
            floating = true;
            pos++;
            while (pos < src.length() && Character.isDigit(src.charAt(pos))) {
                pos++;
            }
        }
        if (pos < src.length() && (src.charAt(pos) == 'e' || src.charAt(pos) == 'E')) {
            int save = pos;
            pos++;
            if (pos < src.length() && (src.charAt(pos) == '+' || src.charAt(pos) == '-')) {
                pos++;
            }
            if (pos < src.length() && Character.isDigit(src.charAt(pos))) {
                floating = true;
                while (pos < src.length() && Character.isDigit(src.charAt(pos))) {
                    pos++;
                }
            } else {
                pos = save;
            }
        }
        String text = src.substring(start, pos);
        try {
            if (floating) {
                return new SqlToken(SqlToken.Kind.NUMBER, text, Double.valueOf(text), start);
            }
            if (pos < src.length() && (src.charAt(pos) == 'l' || src.charAt(pos) == 'L')) {
                pos++;
            }
            if (text.length() > 1 && text.charAt(0) == '0') {
                throw new FilterExpressionException("number '" + text + "' at position " + start
                        + " has a leading zero (octal literals are not supported) in SQL92 expression: " + src);
            }
            return new SqlToken(SqlToken.Kind.NUMBER, text, Long.valueOf(text), start);
        } catch (NumberFormatException e) {
            throw new FilterExpressionException("number '" + text + "' at position " + start
                    + " is out of range in SQL92 expression: " + src);
        }
    }

    private SqlToken string(int start) throws FilterExpressionException {
        StringBuilder sb = new StringBuilder();
        pos++;
        while (pos < src.length()) {
            char c = src.charAt(pos++);
            if (c == '\'') {
                if (pos < src.length() && src.charAt(pos) == '\'') {
                    sb.append('\'');
                    pos++;
                } else {
                    return new SqlToken(SqlToken.Kind.STRING, sb.toString(), null, start);
                }
            } else {
                sb.append(c);
            }
        }
        throw new FilterExpressionException("string literal starting at position " + start
                + " is not closed by a quote in SQL92 expression: " + src);
    }

    private void skipBlanksAndComments() throws FilterExpressionException {
        while (pos < src.length()) {
            char c = src.charAt(pos);
            if (Character.isWhitespace(c)) {
                pos++;
            } else if (src.startsWith("--", pos)) {
                int nl = src.indexOf('\n', pos);
                pos = nl < 0 ? src.length() : nl + 1;
            } else if (src.startsWith("/*", pos)) {
                int end = src.indexOf("*/", pos + 2);
                if (end < 0) {
                    throw new FilterExpressionException("comment starting at position " + pos
                            + " is not closed in SQL92 expression: " + src);
                }
                pos = end + 2;
            } else {
                return;
            }
        }
    }

    private static boolean isIdentPart(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '$';
    }
}
