package io.comet.remoting.internal;

/**
 * The byte cursor under {@link JsonHeaderReader}: the input window, whitespace, single bytes and hex digits.
 * Anything outside what the reader supports unwinds with the shared {@link #DECLINE} (no stack trace), upon which
 * the caller hands the header to Jackson.
 */
abstract class JsonCursor {
    byte[] in;
    int pos;
    int end;

    /** Thrown to unwind when the input leaves the supported subset; shared, without a stack trace. */
    static final class Decline extends RuntimeException {
        Decline() { super(null, null, false, false); }
    }

    static final Decline DECLINE = new Decline();

    final void skipWhitespace() {
        while (pos < end) {
            byte b = in[pos];
            if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
                return;
            }
            pos++;
        }
    }

    final byte peek() {
        if (pos >= end) {
            throw DECLINE;
        }
        return in[pos];
    }

    final byte next() {
        byte b = peek();
        pos++;
        return b;
    }

    final void expect(char c) {
        if (next() != c) {
            throw DECLINE;
        }
    }

    static int hex(byte b) {
        if (b >= '0' && b <= '9') {
            return b - '0';
        }
        if (b >= 'a' && b <= 'f') {
            return b - 'a' + 10;
        }
        if (b >= 'A' && b <= 'F') {
            return b - 'A' + 10;
        }
        throw DECLINE;
    }
}
