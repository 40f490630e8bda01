package io.comet.remoting.internal;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Where {@link JsonHeaderReader} builds strings, one per reader (so per thread): a small cache of recently seen short
 * ASCII strings (keys such as {@code "a"}, topic and group names come back frame after frame), a Latin-1 byte
 * scratch for strings with escapes, and a char scratch for strings beyond Latin-1.
 */
final class StringScratch {
    private static final int CACHED_MAX_LENGTH = 32;
    private static final int CACHE_SLOTS = 256;

    private final String[] cache = new String[CACHE_SLOTS];
    private final byte[][] cacheKeys = new byte[CACHE_SLOTS][];
    private char[] chars = new char[256];
    private byte[] latinScratch = new byte[256];

    /**
     * ASCII bytes {@code [from, to)} of {@code in} as a string, from the cache when short and seen recently. The
     * slot comes from the length and three sampled bytes (no loop).
     */
    String ascii(byte[] in, int from, int to) {
        int len = to - from;
        if (len > CACHED_MAX_LENGTH || len == 0) {
            return new String(in, from, len, StandardCharsets.ISO_8859_1);
        }
        int h = len * 0x9E3779B1 + in[from] * 31 * 31 + in[from + (len >> 1)] * 31 + in[to - 1];
        int slot = (h ^ h >>> 16) & (CACHE_SLOTS - 1);
        byte[] key = cacheKeys[slot];
        if (key != null && key.length == len && Arrays.equals(key, 0, len, in, from, to)) {
            return cache[slot];
        }
        String s = new String(in, from, len, StandardCharsets.ISO_8859_1);
        cacheKeys[slot] = Arrays.copyOfRange(in, from, to);
        cache[slot] = s;
        return s;
    }

    /** The Latin-1 scratch, at least {@code capacity} bytes, keeping what it held. */
    byte[] latin1(int capacity) {
        if (capacity > latinScratch.length) {
            latinScratch = Arrays.copyOf(latinScratch, Math.max(capacity, latinScratch.length * 2));
        }
        return latinScratch;
    }

    /** Copies {@code count} Latin-1 bytes into the char scratch; returns the char count. */
    int widen(byte[] latin, int count) {
        int n = 0;
        for (int i = 0; i < count; i++) {
            n = append(n, (char) (latin[i] & 0xFF));
        }
        return n;
    }

    /** Puts {@code c} at index {@code n} of the char scratch; returns {@code n + 1}. */
    int append(int n, char c) {
        if (n == chars.length) {
            chars = Arrays.copyOf(chars, n * 2);
        }
        chars[n] = c;
        return n + 1;
    }

    /** The first {@code n} chars of the char scratch as a string. */
    String chars(int n) {
        return new String(chars, 0, n);
    }
}
