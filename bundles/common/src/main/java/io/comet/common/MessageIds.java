package io.comet.common;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;

/**
 * RocketMQ's "offset message id": upper-case hex of the store host's address bytes (4 or 16), its port (4 bytes,
 * big-endian) and the message's 8-byte commit-log offset: 32 hex characters for IPv4, 56 for IPv6.
 */
public final class MessageIds {
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    /** A decoded offset message id. */
    public record OffsetId(InetSocketAddress storeHost, long physicalOffset) {}

    private MessageIds() {}

    public static String offsetId(InetSocketAddress storeHost, long physicalOffset) {
        byte[] ip = storeHost.getAddress().getAddress();
        char[] out = new char[(ip.length + 12) * 2];
        int p = 0;
        for (byte b : ip) {
            out[p++] = HEX[(b >> 4) & 0xF];
            out[p++] = HEX[b & 0xF];
        }
        p = hex(out, p, storeHost.getPort(), 4);
        hex(out, p, physicalOffset, 8);
        return new String(out);
    }

    /** Decodes an offset id; throws {@link IllegalArgumentException} naming the id when it is not one. */
    public static OffsetId decode(String id) {
        if (id == null || (id.length() != 32 && id.length() != 56)) {
            throw new IllegalArgumentException("not an offset message id (32 or 56 hex characters expected): " + id);
        }
        byte[] bytes = new byte[id.length() / 2];
        for (int i = 0; i < bytes.length; i++) {
            int hi = Character.digit(id.charAt(2 * i), 16);
            int lo = Character.digit(id.charAt(2 * i + 1), 16);
            if (hi < 0 || lo < 0) {
                throw new IllegalArgumentException("not an offset message id (non-hex character): " + id);
            }
            bytes[i] = (byte) (hi << 4 | lo);
        }
        ByteBuffer b = ByteBuffer.wrap(bytes);
        byte[] ip = new byte[bytes.length - 12];
        b.get(ip);
        int port = b.getInt();
        long offset = b.getLong();
        try {
            return new OffsetId(new InetSocketAddress(InetAddress.getByAddress(ip), port), offset);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an offset message id: " + id, e);
        }
    }

    private static int hex(char[] out, int p, long v, int bytes) {
        for (int i = bytes - 1; i >= 0; i--) {
            int b = (int) (v >>> (8 * i)) & 0xFF;
            out[p++] = HEX[b >> 4];
            out[p++] = HEX[b & 0xF];
        }
        return p;
    }
}
