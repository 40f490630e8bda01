package io.comet.broker.internal.consume.filter;

import io.comet.broker.internal.consume.filter.SqlNode.Op;
import io.comet.broker.internal.consume.filter.SqlToken.Kind;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Recursive-descent parser for RocketMQ's SQL92 filter subset. Precedence, loosest first:
 * <pre>
 * or         := and ( OR and )*
 * and        := equality ( AND equality )*
 * equality   := comparison ( '=' comparison | '&lt;&gt;' comparison | IS [NOT] NULL )*
 * comparison := unary ( ('&gt;'|'&gt;='|'&lt;'|'&lt;=') unary | [NOT] BETWEEN unary AND unary
 *                     | [NOT] IN '(' string (',' string)* ')' | [NOT] (CONTAINS|STARTSWITH|ENDSWITH) string )*
 * unary      := '+' unary | '-' unary | NOT unary | primary
 * primary    := string | number | TRUE | FALSE | NULL | identifier | '(' or ')'
 * </pre>
 * Checks made while parsing, as RocketMQ does: ordering operators take numbers or properties only; {@code NULL}
 * cannot be compared with {@code =} (use IS NULL); IN needs a property on its left; BETWEEN of two constants needs
 * low &lt;= high; the whole expression and the operands of AND/OR/NOT must be boolean (a bare property counts as
 * one, read as "true"/"false").
 */
final class SqlParser {
    private final String src;
    private final List<SqlToken> tokens;
    private int index;

    private SqlParser(String src, List<SqlToken> tokens) {
        this.src = src;
        this.tokens = tokens;
    }

    static SqlNode parse(String expression) throws FilterExpressionException {
        if (expression == null || expression.isBlank()) {
            throw new FilterExpressionException("SQL92 expression is empty");
        }
        SqlParser p = new SqlParser(expression, SqlLexer.tokenize(expression));
        SqlNode node = p.asBoolean(p.or());
        if (p.peek().kind() != Kind.END) {
            throw p.error("unexpected " + p.peek().describe());
        }
        return node;
    }

    private SqlNode or() throws FilterExpressionException {
        SqlNode left = and();
        while (peek().isKeyword("OR")) {
            index++;
            left = new SqlNode.Or(asBoolean(left), asBoolean(and()));
        }
        return left;
    }

    private SqlNode and() throws FilterExpressionException {
        SqlNode left = equality();
        while (peek().isKeyword("AND")) {
            index++;
            left = new SqlNode.And(asBoolean(left), asBoolean(equality()));
        }
        return left;
    }

    private SqlNode equality() throws FilterExpressionException {
        SqlNode left = comparison();
        while (true) {
            SqlToken t = peek();
            if (t.isOperator("=") || t.isOperator("<>")) {
                index++;
                SqlNode right = comparison();
                checkEqualOperand(left);
                checkEqualOperand(right);
                left = new SqlNode.Compare(t.text().equals("=") ? Op.EQ : Op.NE, left, right);
            } else if (t.isKeyword("IS")) {
                index++;
                boolean not = accept("NOT");
                expectKeyword("NULL");
                left = new SqlNode.IsNull(left, not);
            } else {
                return left;
            }
        }
    }

    private SqlNode comparison() throws FilterExpressionException {
        SqlNode left = unary();
        while (true) {
            SqlToken t = peek();
            if (t.kind() == Kind.OPERATOR && (t.text().equals(">") || t.text().equals(">=")
                    || t.text().equals("<") || t.text().equals("<="))) {
                index++;
                SqlNode right = unary();
                left = ordering(opOf(t.text()), left, right);
                continue;
            }
            boolean not = false;
            if (t.isKeyword("NOT") && isComparisonKeyword(peekAt(index + 1))) {
                index++;
                not = true;
                t = peek();
            }
            if (t.isKeyword("BETWEEN")) {
                index++;
                SqlNode low = unary();
                expectKeyword("AND");
                SqlNode high = unary();
                left = between(left, low, high, not);
            } else if (t.isKeyword("IN")) {
                index++;
                left = in(left, not);
            } else if (t.isKeyword("CONTAINS") || t.isKeyword("STARTSWITH") || t.isKeyword("ENDSWITH")) {
                index++;
                left = new SqlNode.StringMatch(SqlNode.Match.valueOf(t.text()), left, stringLiteral(), not);
            } else {
                return left;
            }
        }
    }

    private SqlNode unary() throws FilterExpressionException {
        SqlToken t = peek();
        if (t.isOperator("+")) {
            index++;
            return unary();
        }
        if (t.isOperator("-")) {
            index++;
            SqlNode operand = unary();
            if (operand instanceof SqlNode.Constant c && c.value() instanceof Number n) {
                return new SqlNode.Constant(n instanceof Long l ? (Object) (-l) : (Object) (-n.doubleValue()));
            }
            if (operand.isBoolean() || operand instanceof SqlNode.Constant) {
                throw error("'-' needs a number or a property");
            }
            return new SqlNode.Negate(operand);
        }
        if (t.isKeyword("NOT")) {
            index++;
            return new SqlNode.Not(asBoolean(unary()));
        }
        return primary();
    }

    private SqlNode primary() throws FilterExpressionException {
        SqlToken t = next();
        switch (t.kind()) {
            case STRING:
                return new SqlNode.Constant(t.text());
            case NUMBER:
                return new SqlNode.Constant(t.number());
            case IDENT:
                return new SqlNode.Property(t.text());
            case KEYWORD:
                switch (t.text()) {
                    case "TRUE": return new SqlNode.Constant(Boolean.TRUE);
                    case "FALSE": return new SqlNode.Constant(Boolean.FALSE);
                    case "NULL": return new SqlNode.Constant(null);
                    default: break;
                }
                break;
            case OPERATOR:
                if (t.text().equals("(")) {
                    SqlNode inner = or();
                    if (!next().isOperator(")")) {
                        index--;
                        throw error("expected ')' but found " + peek().describe());
                    }
                    return inner;
                }
                break;
            default:
                break;
        }
        index--;
        throw error("expected a value, a property or '(' but found " + t.describe());
    }

    private SqlNode ordering(Op op, SqlNode left, SqlNode right) throws FilterExpressionException {
        checkOrderingOperand(left, op.symbol);
        checkOrderingOperand(right, op.symbol);
        return new SqlNode.Compare(op, left, right);
    }

    private SqlNode between(SqlNode value, SqlNode low, SqlNode high, boolean not) throws FilterExpressionException {
        if (low instanceof SqlNode.Constant l && high instanceof SqlNode.Constant h) {
            if (l.value() == null || h.value() == null) {
                throw error("the bounds of BETWEEN cannot be NULL");
            }
            if (l.value() instanceof Number a && h.value() instanceof Number c && Values.order(a, c) > 0) {
                throw error("BETWEEN needs low <= high, got " + a + " AND " + c);
            }
        }
        if (not) {
            return new SqlNode.Or(ordering(Op.LT, value, low), ordering(Op.GT, value, high));
        }
        return new SqlNode.And(ordering(Op.GE, value, low), ordering(Op.LE, value, high));
    }

    private SqlNode in(SqlNode left, boolean not) throws FilterExpressionException {
        if (!(left instanceof SqlNode.Property property)) {
            throw error("IN needs a property on its left, not " + left);
        }
        if (!next().isOperator("(")) {
            index--;
            throw error("expected '(' after IN but found " + peek().describe());
        }
        Set<String> values = new LinkedHashSet<>();
        values.add(stringLiteral());
        while (peek().isOperator(",")) {
            index++;
            values.add(stringLiteral());
        }
        if (!next().isOperator(")")) {
            index--;
            throw error("expected ',' or ')' in the IN list but found " + peek().describe());
        }
        return new SqlNode.In(property, Set.copyOf(values), not);
    }

    private String stringLiteral() throws FilterExpressionException {
        SqlToken t = next();
        if (t.kind() != Kind.STRING) {
            index--;
            throw error("expected a string literal in quotes but found " + t.describe());
        }
        return t.text();
    }

    private SqlNode asBoolean(SqlNode node) throws FilterExpressionException {
        if (node instanceof SqlNode.Property p) {
            return new SqlNode.BooleanCast(p);
        }
        if (!node.isBoolean()) {
            throw error("expression " + node + " does not give a boolean value");
        }
        return node;
    }

    private void checkOrderingOperand(SqlNode node, String op) throws FilterExpressionException {
        if (node instanceof SqlNode.Constant c && !(c.value() instanceof Number)) {
            throw error("'" + op + "' compares numbers only, not " + (c.value() == null ? "NULL" : "'" + c.value() + "'"));
        }
        if (node.isBoolean()) {
            throw error("'" + op + "' cannot compare a boolean expression");
        }
    }

    private void checkEqualOperand(SqlNode node) throws FilterExpressionException {
        if (node instanceof SqlNode.Constant c && c.value() == null) {
            throw error("NULL cannot be compared with '=' or '<>'; use IS NULL or IS NOT NULL");
        }
    }

    private static boolean isComparisonKeyword(SqlToken t) {
        return t.isKeyword("BETWEEN") || t.isKeyword("IN") || t.isKeyword("CONTAINS") || t.isKeyword("STARTSWITH")
                || t.isKeyword("ENDSWITH");
    }

    private static Op opOf(String symbol) {
        return switch (symbol) {
            case ">" -> Op.GT;
            case ">=" -> Op.GE;
            case "<" -> Op.LT;
            default -> Op.LE;
        };
    }

    private boolean accept(String keyword) {
        if (peek().isKeyword(keyword)) {
            index++;
            return true;
        }
        return false;
    }

    private void expectKeyword(String keyword) throws FilterExpressionException {
        if (!accept(keyword)) {
            throw error("expected " + keyword + " but found " + peek().describe());
        }
    }

    private SqlToken peek() {
        return peekAt(index);
    }

    private SqlToken peekAt(int i) {
        return tokens.get(Math.min(i, tokens.size() - 1));
    }

    private SqlToken next() {
        SqlToken t = peek();
        index++;
        return t;
    }

    private FilterExpressionException error(String what) {
        int at = peekAt(index).position();
        return new FilterExpressionException("invalid SQL92 expression at position " + at + ": " + what + " in: " + src);
    }
}
