package io.comet.remoting.internal;

/**
 * A frame or header on the wire cannot be decoded. The message says what was wrong (lengths, serialize type,
 * JSON syntax); the decoder logs it with the peer's address and closes that connection.
 */
final class FrameFormatException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    FrameFormatException(String message) {
        super(message);
    }

    FrameFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
