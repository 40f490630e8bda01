package io.comet.common;

import com.fasterxml.jackson.core.type.TypeReference;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.InflaterInputStream;

/**
 * The body of REGISTER_BROKER (request code 103) from brokers of version 3.0.11 and later.
 *
 * <p><b>Plain form</b> (header {@code compressed=false}, the default): JSON
 * {@code {"filterServerList":[],"topicConfigSerializeWrapper":{TopicConfigSerializeWrapper}}}.
 *
 * <p><b>Compressed form</b> (header {@code compressed=true}, broker option {@code compressedRegister}): a zlib
 * (deflate with zlib header) stream holding, with every {@code int32} big-endian:
 * <pre>
 *   int32 n, n bytes   DataVersion JSON
 *   int32 topicCount
 *   topicCount times:  int32 n, n bytes  TopicConfig in compact form (see {@link TopicConfig#toCompactString()})
 *   int32 n, n bytes   filterServerList JSON array
 *   5.x only:          int32 count, count times (int32 n, n bytes TopicQueueMappingInfo JSON)
 * </pre>
 * The static-topic mapping section is skipped on input and written empty on output; a stream that ends before
 * it (4.x brokers) is accepted. Input is read through a bounded stream: at most {@value #MAX_INFLATED} inflated
 * bytes and {@value #MAX_TOPICS} topics, and a section's bytes are read as they arrive (a claimed length reserves
 * no memory).
 */
public record RegisterBrokerBody(TopicConfigSerializeWrapper topicConfigSerializeWrapper, List<String> filterServerList) {
    /** Most bytes a compressed body may inflate to (guards against inflation bombs). */
    private static final int MAX_INFLATED = 32 * 1024 * 1024;
    /** Most topics a compressed body may list. */
    private static final int MAX_TOPICS = 1_000_000;

    public RegisterBrokerBody {
        topicConfigSerializeWrapper = topicConfigSerializeWrapper == null
                ? new TopicConfigSerializeWrapper(Map.of(), DataVersion.zero()) : topicConfigSerializeWrapper;
        filterServerList = filterServerList == null ? List.of() : List.copyOf(filterServerList);
    }

    /**
     * Reads either form.
     *
     * @throws IllegalArgumentException naming what was malformed
     */
    public static RegisterBrokerBody decode(byte[] body, boolean compressed) {
        if (!compressed) {
            return Json.fromBytes(body, RegisterBrokerBody.class);
        }
        try (DataInputStream in = new DataInputStream(new BoundedInput(
                new InflaterInputStream(new ByteArrayInputStream(body)), MAX_INFLATED))) {
            DataVersion version = Json.fromBytes(readSection(in, "dataVersion"), DataVersion.class);
            int topicCount = in.readInt();
            if (topicCount < 0 || topicCount > MAX_TOPICS) {
                throw new IllegalArgumentException("malformed compressed register body: topic count " + topicCount
                        + " is not within 0.." + MAX_TOPICS);
            }
            Map<String, TopicConfig> topics = new LinkedHashMap<>();
            for (int i = 0; i < topicCount; i++) {
                String line = new String(readSection(in, "topic config " + i), StandardCharsets.UTF_8);
                TopicConfig tc = line.startsWith("{") ? Json.fromString(line, TopicConfig.class)
                        : TopicConfig.fromCompactString(line);
                topics.put(tc.topicName(), tc);
            }
            List<String> filterServers = Json.mapper().readValue(readSection(in, "filterServerList"),
                    new TypeReference<List<String>>() {});
            return new RegisterBrokerBody(new TopicConfigSerializeWrapper(topics, version), filterServers);
        } catch (EOFException e) {
            throw new IllegalArgumentException("malformed compressed register body: stream ends early", e);
        } catch (IOException e) {
            throw new IllegalArgumentException("malformed compressed register body: " + e.getMessage(), e);
        }
    }

    private static byte[] readSection(DataInputStream in, String what) throws IOException {
        int n = in.readInt();
        if (n < 0 || n > MAX_INFLATED) {
            throw new IllegalArgumentException("malformed compressed register body: " + what + " length " + n);
        }
        byte[] bytes = in.readNBytes(n); // grows with the data read, not with the claim
        if (bytes.length < n) {
            throw new EOFException();
        }
        return bytes;
    }

    /** Fails once more than {@code limit} bytes have been read through it. */
    private static final class BoundedInput extends FilterInputStream {
        private final long limit;
        private long count;

        BoundedInput(InputStream in, long limit) {
            super(in);
            this.limit = limit;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                counted(1);
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, (int) Math.min(len, limit - count + 1));
            if (n > 0) {
                counted(n);
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long skipped = super.skip(Math.min(n, limit - count + 1));
            counted(skipped);
            return skipped;
        }

        private void counted(long n) {
            count += n;
            if (count > limit) {
                throw new IllegalArgumentException("malformed compressed register body: it inflates to more than "
                        + limit + " bytes");
            }
        }
    }

    /** Writes the plain JSON form, or the compressed form when {@code compress} is true. */
    public byte[] encode(boolean compress) {
        if (!compress) {
            return Json.toBytes(this);
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION);
        try (DataOutputStream out = new DataOutputStream(new DeflaterOutputStream(bytes, deflater))) {
            writeSection(out, Json.toBytes(topicConfigSerializeWrapper.dataVersion()));
            out.writeInt(topicConfigSerializeWrapper.topicConfigTable().size());
            for (TopicConfig tc : topicConfigSerializeWrapper.topicConfigTable().values()) {
                writeSection(out, tc.toCompactString().getBytes(StandardCharsets.UTF_8));
            }
            writeSection(out, Json.toBytes(filterServerList));
            out.writeInt(0); // no static-topic mappings
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            deflater.end();
        }
        return bytes.toByteArray();
    }

    private static void writeSection(DataOutputStream out, byte[] section) throws IOException {
        out.writeInt(section.length);
        out.write(section);
    }
}
