package io.comet.store.internal;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.nio.MappedByteBuffer;

/**
 * Releases a mapping now instead of at garbage collection (so a deleted file's disk space is freed), through
 * {@code sun.misc.Unsafe.invokeCleaner}, looked up reflectively so the bundle imports nothing from {@code sun.misc}.
 * When the JDK does not offer it, unmapping is left to the garbage collector.
 *
 * <p>Callers must be sure that nobody reads the buffer any more: access after unmapping crashes the JVM. The
 * reference count of {@link MappedFile} guarantees that.
 */
final class Unmapper {
    private static final Object UNSAFE;
    private static final Method INVOKE_CLEANER;

    static {
        Object unsafe = null;
        Method m = null;
        try {
            Class<?> c = Class.forName("sun.misc.Unsafe");
            Field f = c.getDeclaredField("theUnsafe");
            f.setAccessible(true);
            unsafe = f.get(null);
            m = c.getMethod("invokeCleaner", java.nio.ByteBuffer.class);
        } catch (ReflectiveOperationException | RuntimeException e) {
            unsafe = null;
            m = null;
        }
        UNSAFE = unsafe;
        INVOKE_CLEANER = m;
    }

    private Unmapper() {}

    static void unmap(MappedByteBuffer buffer) {
        if (INVOKE_CLEANER == null) {
            return;
        }
        try {
            INVOKE_CLEANER.invoke(UNSAFE, buffer);
        } catch (ReflectiveOperationException | RuntimeException e) {
            // left to the garbage collector
        }
    }
}
