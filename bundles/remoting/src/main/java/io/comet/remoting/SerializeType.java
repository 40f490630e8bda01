package io.comet.remoting;

/** Header encoding of a frame: the high byte of the header-length word. */
public enum SerializeType {
    JSON((byte) 0), ROCKETMQ((byte) 1);

    private final byte code;

    SerializeType(byte code) { this.code = code; }

    public byte code() { return code; }

    /** The type for a wire code, or {@code null} when the code names none. */
    public static SerializeType of(int code) {
        return code == 0 ? JSON : code == 1 ? ROCKETMQ : null;
    }
}
