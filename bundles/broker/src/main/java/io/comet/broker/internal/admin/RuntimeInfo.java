package io.comet.broker.internal.admin;

import io.comet.broker.internal.BrokerContext;
import io.comet.broker.internal.BrokerStats;
import io.comet.remoting.RemotingCommand;
import io.comet.store.StoreStatus;
import java.io.File;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The key/value table of GET_BROKER_RUNTIME_INFO, with the keys mqadmin clusterList and brokerStatus read (the
 * protocol sheet, 4.16): version, put/get TPS ("x.xx y.yy z.zz" over 10 s, 60 s, 600 s), day totals, earliest
 * message time, commit-log disk use and offsets, broker state. All values are strings.
 *
 * <p>The thread-pool queue keys ({@code sendThreadPoolQueueSize} ...) and {@code pageCacheLockTimeMills} are
 * reported as 0: Comet's transport does not expose its executor queues and its commit log has no page-cache lock
 * spin. The timer keys are 0 as Comet has no timer wheel (delivery times use the delay levels).
 */
public final class RuntimeInfo {
    /** Version name matching {@link RemotingCommand#SERVER_VERSION}. */
    public static final String VERSION_DESC = "V5_3_1";

    private final BrokerContext ctx;
    private final long bootTimestamp;

    public RuntimeInfo(BrokerContext ctx, long bootTimestamp) {
        this.ctx = ctx;
        this.bootTimestamp = bootTimestamp;
    }

    public Map<String, String> table() {
        Map<String, String> t = new LinkedHashMap<>();
        BrokerStats stats = ctx.stats();
        StoreStatus store = ctx.store().storeStatus();
        long now = ctx.now();
        t.put("brokerVersionDesc", VERSION_DESC);
        t.put("brokerVersion", String.valueOf(RemotingCommand.SERVER_VERSION));
        t.put("brokerActive", "true");
        t.put("brokerRole", ctx.settings().role().name());
        t.put("bootTimestamp", String.valueOf(bootTimestamp));
        t.put("runtime", runtime(now - bootTimestamp));
        t.put("putTps", stats.putTps());
        t.put("getTransferredTps", stats.getTps());
        t.put("getTransferedTps", stats.getTps());
        t.put("msgPutTotalYesterdayMorning", String.valueOf(stats.putTotalYesterdayMorning()));
        t.put("msgPutTotalTodayMorning", String.valueOf(stats.putTotalTodayMorning()));
        t.put("msgPutTotalTodayNow", String.valueOf(stats.putTotal()));
        t.put("msgGetTotalYesterdayMorning", String.valueOf(stats.getTotalYesterdayMorning()));
        t.put("msgGetTotalTodayMorning", String.valueOf(stats.getTotalTodayMorning()));
        t.put("msgGetTotalTodayNow", String.valueOf(stats.getTotal()));
        t.put("putMessageTimesTotal", String.valueOf(stats.putTotal()));
        t.put("putMessageSizeTotal", String.valueOf(stats.putBytesTotal()));
        t.put("putMessageAverageSize", String.valueOf(stats.putTotal() == 0 ? 0.0
                : (double) stats.putBytesTotal() / stats.putTotal()));
        t.put("sendThreadPoolQueueSize", "0");
        t.put("pullThreadPoolQueueSize", "0");
        t.put("sendThreadPoolQueueHeadWaitTimeMills", "0");
        t.put("pullThreadPoolQueueHeadWaitTimeMills", "0");
        t.put("pageCacheLockTimeMills", "0");
        long earliest = ctx.store().earliestMessageTime();
        t.put("earliestMessageTimeStamp", String.valueOf(Math.max(earliest, 0)));
        t.put("startAcceptSendRequestTimeStamp", "0");
        t.put("commitLogMinOffset", String.valueOf(store.minPhyOffset()));
        t.put("commitLogMaxOffset", String.valueOf(store.maxPhyOffset()));
        t.put("remainHowManyDataToFlush", String.valueOf(Math.max(0, store.maxPhyOffset() - store.flushedOffset())));
        t.put("dispatchBehindBytes", String.valueOf(Math.max(0, store.maxPhyOffset() - store.dispatchedOffset())));
        t.put("commitLogDiskRatio", String.valueOf(Math.max(0.0, store.diskUsedRatio())));
        File dir = ctx.store().configFiles().directory().toFile().getParentFile();
        if (dir != null) {
            t.put("commitLogDirCapacity", "Total : " + human(dir.getTotalSpace()) + ", Free : "
                    + human(dir.getUsableSpace()));
        }
        t.put("flushPolicy", store.flushPolicy());
        t.put("timerReadBehind", "0");
        t.put("timerOffsetBehind", "0");
        t.put("timerCongestNum", "0");
        t.put("timerEnqueueTps", "0.0");
        t.put("timerDequeueTps", "0.0");
        return t;
    }

    /** The GET_BROKER_HA_STATUS body: this broker's replication figures now. */
    public HaRuntimeInfo.Body haStatus() {
        return HaRuntimeInfo.of(ctx);
    }

    private static String runtime(long millis) {
        Duration d = Duration.ofMillis(Math.max(0, millis));
        return "[ " + d.toDays() + " days, " + d.toHoursPart() + " hours, " + d.toMinutesPart() + " minutes, "
                + d.toSecondsPart() + " seconds ]";
    }

    private static String human(long bytes) {
        double gib = bytes / (1024.0 * 1024 * 1024);
        return String.format(java.util.Locale.ROOT, "%.2f GiB", gib);
    }
}
