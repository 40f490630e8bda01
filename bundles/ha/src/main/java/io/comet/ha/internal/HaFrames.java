package io.comet.ha.internal;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.util.ArrayList;
import java.util.List;

/**
 * The HA wire format: plain TCP, big-endian, RocketMQ's classic HA framing plus one handshake frame.
 *
 * <p><b>Slave to master</b>: 8-byte offset reports, each the slave's commit-log end. The first report after
 * connecting is a hello; the master answers with a handshake; the slave truncates if it must and sends a second
 * report, which is where the master starts streaming. Every later report is an ack (everything below it is on
 * the slave); the slave sends one after each batch it appended and every {@code haSendHeartbeatInterval}.
 *
 * <p><b>Master to slave</b>: frames {@code [8 phyOffset][4 size][size bytes]}.
 * <ul>
 * <li>data: {@code phyOffset >= 0}, {@code size > 0}: raw commit-log bytes starting at {@code phyOffset}, at most
 *     {@code haTransferBatchSize}, never across a commit-log file, possibly ending inside an entry;</li>
 * <li>heartbeat: {@code size == 0}, {@code phyOffset} = the next offset the master will send (the slave checks it
 *     equals its log end);</li>
 * <li>handshake: {@code phyOffset == -1}, body {@code [8 masterLogEnd][4 n][n x (8 epoch, 8 startOffset)]} - the
 *     master's log end and epoch list ({@link EpochHistory}).</li>
 * </ul>
 * Differences from Apache RocketMQ's classic HA: the handshake frame and the second report (an Apache slave would
 * not understand them), and an empty slave of a master whose log does not start at 0 is refused instead of being
 * started at the master's last file.
 */
final class HaFrames {
    static final int REPORT_LENGTH = 8;
    static final int HEADER_LENGTH = 12;
    static final long HANDSHAKE = -1L;
    /** Largest frame a slave accepts (a master's batch size plus header, with room). */
    static final int MAX_FRAME = 64 << 20;

    private HaFrames() {}

    /** The master's handshake as received by the slave. */
    record Handshake(long masterEnd, List<EpochHistory.Epoch> epochs) {}

    static ByteBuf report(ByteBufAllocator alloc, long offset) {
        return alloc.buffer(REPORT_LENGTH).writeLong(offset);
    }

    static ByteBuf header(ByteBufAllocator alloc, long offset, int size) {
        return alloc.buffer(HEADER_LENGTH).writeLong(offset).writeInt(size);
    }

    static ByteBuf handshake(ByteBufAllocator alloc, long masterEnd, List<EpochHistory.Epoch> epochs) {
        int body = 12 + 16 * epochs.size();
        ByteBuf b = alloc.buffer(HEADER_LENGTH + body).writeLong(HANDSHAKE).writeInt(body);
        b.writeLong(masterEnd).writeInt(epochs.size());
        for (EpochHistory.Epoch e : epochs) {
            b.writeLong(e.epoch()).writeLong(e.startOffset());
        }
        return b;
    }

    /** Reads a handshake body (after the header); refuses a malformed one. */
    static Handshake readHandshake(ByteBuf body) {
        if (body.readableBytes() < 12) {
            throw new IllegalArgumentException("HA handshake of " + body.readableBytes() + " bytes is too short");
        }
        long end = body.readLong();
        int n = body.readInt();
        if (n < 0 || body.readableBytes() != 16L * n) {
            throw new IllegalArgumentException("HA handshake announces " + n + " epochs but carries "
                    + body.readableBytes() + " bytes");
        }
        List<EpochHistory.Epoch> list = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            list.add(new EpochHistory.Epoch(body.readLong(), body.readLong()));
        }
        return new Handshake(end, list);
    }
}
