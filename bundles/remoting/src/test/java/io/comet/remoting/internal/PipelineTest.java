package io.comet.remoting.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import io.comet.remoting.RemotingCommand;
import io.comet.remoting.SerializeType;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The frame decoder and command encoder on an embedded channel: splitting, failure handling, body release. */
class PipelineTest {
    private static final int MAX_FRAME = 1024;

    private static EmbeddedChannel decoderChannel() {
        return new EmbeddedChannel(new FrameDecoder(MAX_FRAME));
    }

    @Test
    void framesSplitAtEveryByteBoundaryDecodeInOrder() {
        byte[] a = RawConnection.encode(RemotingCommand.request(10).opaque(1).put("k", "v").body(new byte[] {7, 8}));
        byte[] b = RawConnection.encode(RemotingCommand.request(11).opaque(2).serializeType(SerializeType.ROCKETMQ));
        byte[] both = new byte[a.length + b.length];
        System.arraycopy(a, 0, both, 0, a.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        EmbeddedChannel ch = decoderChannel();
        for (byte x : both) {
            ch.writeInbound(Unpooled.wrappedBuffer(new byte[] {x}));
        }
        RemotingCommand first = ch.readInbound();
        RemotingCommand second = ch.readInbound();
        assertEquals(10, first.code());
        assertEquals("v", first.field("k"));
        assertEquals(2, first.body().length);
        assertEquals(11, second.code());
        assertEquals(2, second.opaque());
        assertNull(ch.readInbound());
        assertTrue(ch.isActive());
        ch.finishAndReleaseAll();
    }

    @Test
    void severalFramesInOneReadAllDecode() {
        ByteBuf buf = Unpooled.buffer();
        for (int i = 0; i < 5; i++) {
            buf.writeBytes(RawConnection.encode(RemotingCommand.request(10 + i).opaque(i)));
        }
        EmbeddedChannel ch = decoderChannel();
        ch.writeInbound(buf);
        for (int i = 0; i < 5; i++) {
            RemotingCommand c = ch.readInbound();
            assertEquals(i, c.opaque());
        }
        ch.finishAndReleaseAll();
    }

    @Test
    void truncatedFrameWaitsWithoutClosing() {
        byte[] frame = RawConnection.encode(RemotingCommand.request(10).opaque(1).body(new byte[100]));
        EmbeddedChannel ch = decoderChannel();
        ch.writeInbound(Unpooled.wrappedBuffer(frame, 0, frame.length - 1));
        assertNull(ch.readInbound());
        assertTrue(ch.isActive(), "a frame still arriving is not an error");
        ch.writeInbound(Unpooled.wrappedBuffer(frame, frame.length - 1, 1));
        RemotingCommand c = ch.readInbound();
        assertEquals(100, c.body().length);
        ch.finishAndReleaseAll();
    }

    @Test
    void eachKindOfMalformedInputClosesTheConnectionWithOneWarnNamingTheReason() {
        byte[] good = RawConnection.encode(RemotingCommand.request(10).opaque(1));
        Object[][] cases = {
                {Unpooled.buffer().writeInt(3), "frame length 3 is below the 4-byte minimum"},
                {Unpooled.buffer().writeInt(-5), "frame length -5 is below"},
                {Unpooled.buffer().writeInt(MAX_FRAME - 3), "exceeds the maximum frame of 1024 bytes"},
                {Unpooled.buffer().writeInt(6).writeInt(50).writeShort(0), "header length 50 exceeds"},
                {Unpooled.buffer().writeInt(6).writeInt(9 << 24 | 2).writeShort(0), "unknown serialize type 9"},
                {Unpooled.wrappedBuffer(FramesTest.jsonFrame("{\"code\":1,", null)), "bad JSON header"},
        };
        for (Object[] c : cases) {
            try (LogCapture log = new LogCapture(FrameDecoder.class, true)) {
                EmbeddedChannel ch = decoderChannel();
                ByteBuf input = Unpooled.wrappedBuffer((ByteBuf) c[0], Unpooled.wrappedBuffer(good));
                ch.writeInbound(input);
                assertFalse(ch.isOpen(), "closed after: " + c[1]);
                assertNull(ch.readInbound(), "nothing decoded after the bad frame: " + c[1]);
                List<String> warns = log.lines(Level.WARN);
                assertEquals(1, warns.size(), warns.toString());
                assertTrue(warns.get(0).contains("embedded") && warns.get(0).contains((String) c[1]), warns.get(0));
                ch.finishAndReleaseAll();
            }
        }
    }

    @Test
    void frameExactlyAtTheMaximumIsAccepted() {
        RemotingCommand cmd = RemotingCommand.request(10).opaque(3);
        int headerFrame = RawConnection.encode(cmd).length;
        cmd.body(new byte[MAX_FRAME - headerFrame]);
        EmbeddedChannel ch = decoderChannel();
        ch.writeInbound(Unpooled.wrappedBuffer(RawConnection.encode(cmd)));
        RemotingCommand back = ch.readInbound();
        assertEquals(MAX_FRAME - headerFrame, back.body().length);
        assertTrue(ch.isActive());
        ch.finishAndReleaseAll();
    }

    @Test
    void bufferBodyIsWrittenWithoutCopyAndReleasedOnceAfterTheWrite() {
        EmbeddedChannel ch = new EmbeddedChannel(CommandEncoder.INSTANCE);
        ByteBuffer body = ByteBuffer.allocateDirect(4).put(new byte[] {1, 2, 3, 4}).flip();
        AtomicInteger released = new AtomicInteger();
        RemotingCommand cmd = RemotingCommand.response(0, null).opaque(5).bodyBuffers(new ByteBuffer[] {body}, released::incrementAndGet);
        ChannelFuture f = ch.writeAndFlush(cmd);
        assertTrue(f.isSuccess());
        assertEquals(1, released.get());
        ByteBuf head = ch.readOutbound();
        ByteBuf wrapped = ch.readOutbound();
        assertEquals(4 + (head.getInt(4) & 0xFFFFFF) + 4, head.getInt(0));
        assertTrue(wrapped.isDirect() && wrapped.nioBufferCount() == 1, "the body is the caller's buffer, wrapped");
        assertEquals(4, wrapped.readableBytes());
        head.release();
        wrapped.release();
        ch.finishAndReleaseAll();
    }

    @Test
    void bufferBodyIsReleasedWhenTheWriteFails() {
        EmbeddedChannel ch = new EmbeddedChannel(CommandEncoder.INSTANCE);
        ch.close();
        AtomicInteger released = new AtomicInteger();
        RemotingCommand cmd = RemotingCommand.response(0, null)
                .bodyBuffers(new ByteBuffer[] {ByteBuffer.wrap(new byte[8])}, released::incrementAndGet);
        io.netty.util.HashedWheelTimer timer = new io.netty.util.HashedWheelTimer();
        try {
            NettyRemotingChannel.attach(ch, new AtomicInteger(), timer);
            NettyRemotingChannel.of(ch).send(cmd);
            ch.runPendingTasks();
            assertEquals(1, released.get());
        } finally {
            timer.stop();
        }
    }

    @Test
    void readingPausesWhileTheOutboundBufferIsAboveTheHighWaterMark() {
        EmbeddedChannel ch = new EmbeddedChannel(Backpressure.INSTANCE);
        ch.config().setWriteBufferWaterMark(new io.netty.channel.WriteBufferWaterMark(8, 16));
        assertTrue(ch.config().isAutoRead());
        ch.write(io.netty.buffer.Unpooled.wrappedBuffer(new byte[32]));
        assertFalse(ch.isWritable());
        assertFalse(ch.config().isAutoRead(), "reading paused while 32 bytes wait above the 16-byte mark");
        ch.flush();
        assertTrue(ch.isWritable());
        assertTrue(ch.config().isAutoRead(), "reading resumed once drained");
        ch.finishAndReleaseAll();
    }

    @Test
    void byteArrayBodyGoesInTheSameBufferAsTheHeader() {
        EmbeddedChannel ch = new EmbeddedChannel(CommandEncoder.INSTANCE);
        ch.writeAndFlush(RemotingCommand.request(10).body("abc".getBytes(StandardCharsets.US_ASCII)));
        ByteBuf out = ch.readOutbound();
        assertEquals(out.readableBytes() - 4, out.getInt(0));
        assertNull(ch.readOutbound());
        out.release();
        ch.finishAndReleaseAll();
    }
}
