package io.comet.broker.internal.consume.pull;

import io.comet.remoting.RemotingCommand;
import io.comet.remoting.RemotingCommandException;

/**
 * The header of PULL_MESSAGE (11) and LITE_PULL_MESSAGE (361), read once per request.
 *
 * @param sysFlag PullSysFlag bits: 0x1 commit offset, 0x2 suspend, 0x4 subscription in the header, 0x10 lite
 * @param subscription the expression (valid with bit 0x4)
 * @param expressionType {@code TAG} or {@code SQL92}
 * @param maxMsgBytes 5.x byte limit, 0 when absent
 */
public record PullRequest(int code, String group, String topic, int queueId, long queueOffset, int maxMsgNums,
                          int sysFlag, long commitOffset, long suspendTimeoutMillis, String subscription,
                          long subVersion, String expressionType, int maxMsgBytes) {
    public static final int FLAG_COMMIT_OFFSET = 0x1;
    public static final int FLAG_SUSPEND = 0x2;
    public static final int FLAG_SUBSCRIPTION = 0x4;

    /** Reads the header; a missing or malformed field fails naming it. */
    public static PullRequest of(RemotingCommand r) throws RemotingCommandException {
        return new PullRequest(r.code(), r.requireField("consumerGroup"), r.requireField("topic"),
                r.requireInt("queueId"), r.requireLong("queueOffset"), r.requireInt("maxMsgNums"),
                r.requireInt("sysFlag"), r.longField("commitOffset", 0), r.longField("suspendTimeoutMillis", 0),
                r.field("subscription"), r.longField("subVersion", 0), r.field("expressionType"),
                r.intField("maxMsgBytes", 0));
    }

    public boolean commitOffsetFlag() {
        return (sysFlag & FLAG_COMMIT_OFFSET) != 0;
    }

    public boolean suspendFlag() {
        return (sysFlag & FLAG_SUSPEND) != 0;
    }

    public boolean subscriptionFlag() {
        return (sysFlag & FLAG_SUBSCRIPTION) != 0;
    }
}
