package io.comet.broker.internal.consume.pull;

import java.lang.management.ManagementFactory;
import javax.management.ObjectName;

/**
 * RocketMQ's "is the pulled data still in memory" rule (fact sheet 4.5): a pull reads from disk rather than the page
 * cache when the commit log's end lies more than {@code accessMessageInMemoryMaxRatio}% of the machine's RAM beyond
 * the last message returned. RAM is read once from the platform MBean ({@code TotalMemorySize}, or the older
 * {@code TotalPhysicalMemorySize}); when neither is available no pull counts as lagging.
 */
final class PageCache {
    private static final long TOTAL_RAM = totalRam();

    private PageCache() {}

    /** True when {@code behindBytes} exceeds {@code ratioPercent}% of RAM. */
    static boolean lagging(long behindBytes, int ratioPercent) {
        return lagging(behindBytes, ratioPercent, TOTAL_RAM);
    }

    static boolean lagging(long behindBytes, int ratioPercent, long totalRam) {
        if (totalRam <= 0 || behindBytes <= 0) {
            return false;
        }
        return behindBytes > totalRam / 100 * Math.max(0, ratioPercent);
    }

    private static long totalRam() {
        for (String attribute : new String[] {"TotalMemorySize", "TotalPhysicalMemorySize"}) {
            try {
                Object v = ManagementFactory.getPlatformMBeanServer()
                        .getAttribute(new ObjectName("java.lang:type=OperatingSystem"), attribute);
                if (v instanceof Number n && n.longValue() > 0) {
                    return n.longValue();
                }
            } catch (Exception | LinkageError e) {
                // try the next name
            }
        }
        return -1;
    }
}
