package io.comet.remoting;

import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One RocketMQ remoting frame, request or response.
 *
 * <p>On the wire: {@code int32 length | int32 (serializeType << 24 | headerLength) | header | body}, where the
 * header is either JSON (serialize type 0) or the binary ROCKETMQ layout (type 1). {@link #extFields()} is the
 * "custom header": every value is a string. A response echoes the request's {@link #opaque()} and has
 * {@link #FLAG_RESPONSE} set; a oneway request has {@link #FLAG_ONEWAY} set and is never answered.
 *
 * <p>The body is either a byte array or, for zero-copy responses (pulled messages), a list of buffers that the
 * transport writes without copying; {@link #onBodyReleased(Runnable)} runs once the transport is done with them.
 * Instances are mutable and not thread-safe; hand one to the transport only once it is complete.
 */
public final class RemotingCommand {
    /** flag bit 0: this frame is a response. */
    public static final int FLAG_RESPONSE = 1;
    /** flag bit 1: oneway request, the receiver must not answer. */
    public static final int FLAG_ONEWAY = 2;
    /** Version ordinal Comet announces: the one of RocketMQ 5.3.1 (see the protocol sheet, 1.8). */
    public static final int SERVER_VERSION = 475;

    private int code;
    private LanguageCode language = LanguageCode.JAVA;
    private int version = SERVER_VERSION;
    private int opaque;
    private int flag;
    private String remark;
    private Map<String, String> extFields;
    private SerializeType serializeType = SerializeType.JSON;
    private byte[] body;
    private ByteBuffer[] bodyBuffers;
    private Runnable bodyRelease;

    /** A request with the given code and no header fields yet; the client assigns the opaque when sent. */
    public static RemotingCommand request(int code) {
        RemotingCommand cmd = new RemotingCommand();
        cmd.code = code;
        return cmd;
    }

    /** A response with a code and remark, not yet tied to a request; see {@link #responseTo}. */
    public static RemotingCommand response(int code, String remark) {
        RemotingCommand cmd = new RemotingCommand();
        cmd.code = code;
        cmd.remark = remark;
        cmd.flag = FLAG_RESPONSE;
        return cmd;
    }

    /** A response to {@code request}: same opaque and serialize type, the response flag set. */
    public static RemotingCommand responseTo(RemotingCommand request, int code, String remark) {
        RemotingCommand cmd = response(code, remark);
        cmd.opaque = request.opaque;
        cmd.serializeType = request.serializeType;
        return cmd;
    }

    public int code() { return code; }
    public RemotingCommand code(int code) { this.code = code; return this; }
    public LanguageCode language() { return language; }
    public RemotingCommand language(LanguageCode language) { this.language = language; return this; }
    public int version() { return version; }
    public RemotingCommand version(int version) { this.version = version; return this; }
    public int opaque() { return opaque; }
    public RemotingCommand opaque(int opaque) { this.opaque = opaque; return this; }
    public int flag() { return flag; }
    public RemotingCommand flag(int flag) { this.flag = flag; return this; }
    public String remark() { return remark; }
    public RemotingCommand remark(String remark) { this.remark = remark; return this; }
    public SerializeType serializeType() { return serializeType; }
    public RemotingCommand serializeType(SerializeType type) { this.serializeType = type; return this; }

    public boolean isResponse() { return (flag & FLAG_RESPONSE) != 0; }
    public boolean isOneway() { return (flag & FLAG_ONEWAY) != 0; }
    public RemotingCommand markOneway() { flag |= FLAG_ONEWAY; return this; }
    public RemotingCommand markResponse() { flag |= FLAG_RESPONSE; return this; }

    /** The custom header, or {@code null} when the frame carried none. */
    public Map<String, String> extFields() { return extFields; }
    public RemotingCommand extFields(Map<String, String> fields) { this.extFields = fields; return this; }

    /** Sets one custom header field; a {@code null} value is not sent. Returns this command. */
    public RemotingCommand put(String key, Object value) {
        if (extFields == null) {
            extFields = new LinkedHashMap<>();
        }
        if (value == null) {
            extFields.remove(key);
        } else {
            extFields.put(key, String.valueOf(value));
        }
        return this;
    }

    /** A custom header field, or {@code null}. */
    public String field(String key) { return extFields == null ? null : extFields.get(key); }

    /** A required string field; a missing one fails naming the request code and the field. */
    public String requireField(String key) throws RemotingCommandException {
        String v = field(key);
        if (v == null) {
            throw new RemotingCommandException("request code " + code + ": required header field '" + key + "' is missing");
        }
        return v;
    }

    public int requireInt(String key) throws RemotingCommandException {
        return (int) parseLong(key, requireField(key), Integer.MIN_VALUE, Integer.MAX_VALUE);
    }

    public long requireLong(String key) throws RemotingCommandException {
        return parseLong(key, requireField(key), Long.MIN_VALUE, Long.MAX_VALUE);
    }

    public int intField(String key, int defaultValue) throws RemotingCommandException {
        String v = field(key);
        return v == null || v.isEmpty() ? defaultValue : (int) parseLong(key, v, Integer.MIN_VALUE, Integer.MAX_VALUE);
    }

    public long longField(String key, long defaultValue) throws RemotingCommandException {
        String v = field(key);
        return v == null || v.isEmpty() ? defaultValue : parseLong(key, v, Long.MIN_VALUE, Long.MAX_VALUE);
    }

    public boolean boolField(String key, boolean defaultValue) {
        String v = field(key);
        return v == null || v.isEmpty() ? defaultValue : Boolean.parseBoolean(v.trim());
    }

    private long parseLong(String key, String raw, long min, long max) throws RemotingCommandException {
        try {
            long value = Long.parseLong(raw.trim());
            if (value < min || value > max) {
                throw new NumberFormatException("out of range");
            }
            return value;
        } catch (NumberFormatException e) {
            throw new RemotingCommandException("request code " + code + ": header field '" + key + "' is not a valid number: '" + raw + "'");
        }
    }

    /** The body as bytes ({@code null} when none); buffer bodies are copied out on demand. */
    public byte[] body() {
        if (body == null && bodyBuffers != null) {
            int n = 0;
            for (ByteBuffer b : bodyBuffers) n += b.remaining();
            byte[] out = new byte[n];
            int p = 0;
            for (ByteBuffer b : bodyBuffers) {
                ByteBuffer d = b.duplicate();
                int r = d.remaining();
                d.get(out, p, r);
                p += r;
            }
            return out;
        }
        return body;
    }

    public RemotingCommand body(byte[] body) { this.body = body; this.bodyBuffers = null; return this; }

    /** A body written without copying; {@code release} runs once the transport no longer needs the buffers. */
    public RemotingCommand bodyBuffers(ByteBuffer[] buffers, Runnable release) {
        this.body = null;
        this.bodyBuffers = buffers;
        this.bodyRelease = release;
        return this;
    }

    /** Buffer body for zero-copy writes, or {@code null}. */
    public ByteBuffer[] bodyBuffers() { return bodyBuffers; }

    /** Runs the release hook of a buffer body, once. Called by the transport. */
    public void releaseBody() {
        Runnable r = bodyRelease;
        bodyRelease = null;
        if (r != null) r.run();
    }

    /** Extra work to run when the body is released, after any release hook set before. */
    public RemotingCommand onBodyReleased(Runnable more) {
        Runnable prev = bodyRelease;
        bodyRelease = prev == null ? more : () -> { try { prev.run(); } finally { more.run(); } };
        return this;
    }

    public int bodyLength() {
        if (body != null) return body.length;
        if (bodyBuffers == null) return 0;
        int n = 0;
        for (ByteBuffer b : bodyBuffers) n += b.remaining();
        return n;
    }

    @Override
    public String toString() {
        return "RemotingCommand[code=" + code + ", opaque=" + opaque + ", flag=" + flag + ", language=" + language
                + ", version=" + version + ", remark=" + remark + ", extFields=" + extFields + ", body=" + bodyLength() + "B]";
    }
}
