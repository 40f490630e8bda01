package io.comet.remoting.internal;

import io.comet.remoting.RequestProcessor;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which processor serves which request code, and on which executor. The latest registration of a code wins;
 * closing a registration removes only the codes it still owns, so a replaced registration cannot remove its
 * successor.
 */
final class ProcessorTable {
    private static final Logger LOG = LoggerFactory.getLogger(ProcessorTable.class);

    /** A processor bound to its executor. */
    record Entry(RequestProcessor processor, ExecutorService executor, String group) {}

    private final Map<Integer, Entry> entries = new ConcurrentHashMap<>();
    private final String owner;

    ProcessorTable(String owner) {
        this.owner = owner;
    }

    Entry get(int code) {
        return entries.get(code);
    }

    AutoCloseable register(RequestProcessor processor, ExecutorService executor, String group, int... codes) {
        if (processor == null) {
            throw new IllegalArgumentException("processor is null");
        }
        if (codes == null || codes.length == 0) {
            throw new IllegalArgumentException("no request codes given for processor " + processor);
        }
        Entry entry = new Entry(processor, executor, group);
        for (int code : codes) {
            Entry old = entries.put(code, entry);
            if (old != null && old.processor() != processor) {
                LOG.warn("{}: request code {} moves from {} to {}", owner, code, old.processor(), processor);
            }
        }
        int[] mine = codes.clone();
        return () -> {
            for (int code : mine) {
                entries.remove(code, entry);
            }
        };
    }
}
