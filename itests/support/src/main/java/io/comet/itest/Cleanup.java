package io.comet.itest;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * What a test started, closed in reverse order by {@link #close()} (from an {@code @AfterEach}), each whatever
 * the others do: a failure to close one is printed to stderr and the rest are still closed.
 */
public final class Cleanup implements AutoCloseable {
    private final Deque<AutoCloseable> stack = new ArrayDeque<>();

    /** Registers {@code resource} and returns it. */
    public synchronized <T extends AutoCloseable> T push(T resource) {
        stack.push(resource);
        return resource;
    }

    @Override
    public void close() {
        while (true) {
            AutoCloseable next;
            synchronized (this) {
                if (stack.isEmpty()) {
                    return;
                }
                next = stack.pop();
            }
            try {
                next.close();
            } catch (Exception e) {
                System.err.println("cleanup: closing " + next + " failed: " + e);
            }
        }
    }
}
