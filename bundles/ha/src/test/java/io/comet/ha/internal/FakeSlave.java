package io.comet.ha.internal;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;

/**
 * A slave written with a plain socket, so tests decide exactly when acks go out: it says hello, reads the
 * handshake, starts at an offset, and reports only when told.
 */
final class FakeSlave implements AutoCloseable {
    private final Socket socket;
    private final DataInputStream in;
    private final DataOutputStream out;
    HaFrames.Handshake handshake;

    FakeSlave(String address, long startOffset) throws IOException {
        this(address);
        start(startOffset);
    }

    /** Connected only: nothing said yet, so the master holds the connection in its handshake ({@link #start}). */
    FakeSlave(String address) throws IOException {
        InetSocketAddress a = HostPort.parse("test", address);
        socket = new Socket();
        socket.connect(new InetSocketAddress("127.0.0.1", a.getPort()), 5000);
        socket.setSoTimeout(10_000);
        in = new DataInputStream(socket.getInputStream());
        out = new DataOutputStream(socket.getOutputStream());
    }

    /** Says hello, reads the handshake and starts at {@code startOffset}. */
    void start(long startOffset) throws IOException {
        report(startOffset);
        long marker = in.readLong();
        int size = in.readInt();
        if (marker != HaFrames.HANDSHAKE) {
            throw new IOException("expected a handshake, got offset " + marker);
        }
        byte[] body = new byte[size];
        in.readFully(body);
        handshake = HaFrames.readHandshake(io.netty.buffer.Unpooled.wrappedBuffer(body));
        report(startOffset);
    }

    void report(long offset) throws IOException {
        out.writeLong(offset);
        out.flush();
    }

    /** Reads one data or heartbeat frame: returns {offset, size}. */
    long[] readFrame() throws IOException {
        long offset = in.readLong();
        int size = in.readInt();
        in.readFully(new byte[size]);
        return new long[] {offset, size};
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
