package io.comet.remoting.internal;

import io.comet.remoting.RemotingCommand;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.function.IntSupplier;

/**
 * Micro benchmark of the frame hot path, not a test (CI does not run it): CPU ns and allocated bytes per operation
 * on this thread ({@code com.sun.management.ThreadMXBean}), for decoding a 5.x client's SEND_MESSAGE_V2 frame
 * from a direct buffer (the hand-written reader and, for comparison, Jackson) and encoding a send response.
 *
 * <pre>
 * mvn -o -q -pl bundles/remoting test-compile
 * java -cp bundles/remoting/target/classes:bundles/remoting/target/test-classes:$(deps) \
 *     io.comet.remoting.internal.HeaderCodecBench [iterations]
 * </pre>
 */
public final class HeaderCodecBench {
    private static final String SEND_HEADER = "{\"code\":310,\"extFields\":{\"a\":\"bench_producer\","
            + "\"b\":\"BenchTopic\",\"c\":\"TBW102\",\"d\":\"4\",\"e\":\"3\",\"f\":\"0\",\"g\":\"1763798400123\",\"h\":\"0\","
            + "\"i\":\"UNIQ_KEY\\u00017F000001A1B218B4AAC2470A1C2D0000\\u0002WAIT\\u0001true\\u0002TAGS\\u0001TagA\\u0002\","
            + "\"j\":\"0\",\"k\":\"false\",\"m\":\"false\",\"n\":\"broker-a\"},\"flag\":0,\"language\":\"JAVA\","
            + "\"opaque\":1234567,\"serializeTypeCurrentRPC\":\"JSON\",\"version\":475}";

    private HeaderCodecBench() {}

    public static void main(String[] args) {
        int iterations = args.length > 0 ? Integer.parseInt(args[0]) : 2_000_000;
        byte[] json = SEND_HEADER.getBytes(StandardCharsets.UTF_8);
        ByteBuf direct = PooledByteBufAllocator.DEFAULT.directBuffer(json.length);
        direct.writeBytes(json);
        byte[] heapCopy = new byte[json.length];
        RemotingCommand response = RemotingCommand.response(0, null).opaque(1234567)
                .put("msgId", "7F00000100002A9F0000000000012345").put("queueId", 3).put("queueOffset", 987654)
                .put("transactionId", null).put("MSG_REGION", "DefaultRegion").put("TRACE_ON", "true");
        for (int round = 0; round < 3; round++) {
            System.out.println("round " + (round + 1));
            measure("decode send header (reader)", iterations,
                    () -> JsonHeaderCodec.decode(direct, 0, json.length).extFields().size());
            measure("decode send header (Jackson)", iterations, () -> {
                direct.getBytes(0, heapCopy);
                return JsonHeaderCodec.decodeWithJackson(heapCopy, 0, heapCopy.length).extFields().size();
            });
            measure("encode send response frame", iterations, () -> {
                ByteBuf out = Frames.encode(response, PooledByteBufAllocator.DEFAULT);
                int n = out.readableBytes();
                out.release();
                return n;
            });
        }
        direct.release();
    }

    private static void measure(String name, int iterations, IntSupplier op) {
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long id = Thread.currentThread().getId();
        long sink = 0;
        long cpu0 = mx.getCurrentThreadCpuTime();
        long bytes0 = mx.getThreadAllocatedBytes(id);
        for (int i = 0; i < iterations; i++) {
            sink += op.getAsInt();
        }
        long cpu = mx.getCurrentThreadCpuTime() - cpu0;
        long bytes = mx.getThreadAllocatedBytes(id) - bytes0;
        System.out.printf("  %-32s %8.1f cpu-ns/op %8.1f B/op   (checksum %d)%n", name, (double) cpu / iterations,
                (double) bytes / iterations, sink);
    }
}
