package io.comet.remoting.internal;

import io.comet.remoting.RemotingCommand;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;

/** A plain blocking socket speaking frames by hand, to put exact bytes on the wire in tests. */
final class RawConnection implements AutoCloseable {
    final Socket socket;
    private final DataInputStream in;

    RawConnection(int port) throws IOException {
        socket = new Socket();
        socket.setTcpNoDelay(true);
        socket.setSoTimeout(5000);
        socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
        in = new DataInputStream(socket.getInputStream());
    }

    int localPort() {
        return socket.getLocalPort();
    }

    void write(byte[] bytes) throws IOException {
        socket.getOutputStream().write(bytes);
        socket.getOutputStream().flush();
    }

    void send(RemotingCommand cmd) throws IOException {
        write(encode(cmd));
    }

    /** Reads one frame (bounded by the socket timeout). */
    RemotingCommand read() throws IOException {
        int length = in.readInt();
        byte[] frame = new byte[length];
        in.readFully(frame);
        return Frames.decode(Unpooled.wrappedBuffer(frame));
    }

    /** Reads one frame and returns its raw header-length word. */
    int readHeaderWordAndSkip() throws IOException {
        int length = in.readInt();
        byte[] frame = new byte[length];
        in.readFully(frame);
        return Unpooled.wrappedBuffer(frame).getInt(0);
    }

    /** True if the peer closed the connection within {@code millis}; false if it stayed open. */
    boolean closedByPeerWithin(int millis) throws IOException {
        socket.setSoTimeout(millis);
        try {
            while (true) {
                int b = in.read();
                if (b < 0) {
                    return true;
                }
            }
        } catch (SocketTimeoutException e) {
            return false;
        } catch (EOFException | SocketException e) {
            return true;
        } finally {
            if (!socket.isClosed()) {
                socket.setSoTimeout(5000);
            }
        }
    }

    static byte[] encode(RemotingCommand cmd) {
        ByteBuf buf = Frames.encode(cmd, ByteBufAllocator.DEFAULT);
        try {
            byte[] out = new byte[buf.readableBytes()];
            buf.readBytes(out);
            return out;
        } finally {
            buf.release();
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
