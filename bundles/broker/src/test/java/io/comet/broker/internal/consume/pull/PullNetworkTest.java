package io.comet.broker.internal.consume.pull;

import static io.comet.broker.internal.consume.ConsumeHarness.bodies;
import static io.comet.broker.internal.consume.ConsumeHarness.pull;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.comet.broker.internal.consume.ConsumeHarness;
import io.comet.remoting.RemotingCommand;
import io.comet.remoting.RequestCode;
import io.comet.remoting.ResponseCode;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** PULL_MESSAGE over the network: the result table, filters, subscriptions, commits and long polling. */
@Timeout(60)
class PullNetworkTest {
    @TempDir
    Path dir;
    ConsumeHarness broker;

    @BeforeEach
    void start() throws Exception {
        broker = new ConsumeHarness(dir, Map.of("enablePropertyFilter", true, "shortPollingTimeMills", 300));
        broker.createTopic("T", 2);
    }

    @AfterEach
    void stop() {
        broker.close();
    }

    private RemotingCommand pullAll(String topic, int queueId, long offset) throws Exception {
        return broker.call(pull("g", topic, queueId, offset, 4, 0, "*", "TAG"));
    }

    @Test
    void resultCodesAndOffsetsFollowRocketMq() throws Exception {
        for (int i = 0; i < 3; i++) {
            broker.put("T", 0, "m" + i, (String) null);
        }
        RemotingCommand found = pullAll("T", 0, 0);
        assertEquals(ResponseCode.SUCCESS, found.code(), found.remark());
        assertEquals(List.of("m0", "m1", "m2"), bodies(found));
        assertEquals("3", found.field("nextBeginOffset"));
        assertEquals("0", found.field("minOffset"));
        assertEquals("3", found.field("maxOffset"));
        assertEquals("0", found.field("suggestWhichBrokerId"));
        assertEquals(List.of("m1", "m2"), bodies(pullAll("T", 0, 1)), "reading from the middle");

        RemotingCommand caughtUp = pullAll("T", 0, 3);
        assertEquals(ResponseCode.PULL_NOT_FOUND, caughtUp.code());
        assertEquals("3", caughtUp.field("nextBeginOffset"));
        assertEquals(null, caughtUp.body());

        RemotingCommand beyond = pullAll("T", 0, 9);
        assertEquals(ResponseCode.PULL_OFFSET_MOVED, beyond.code());
        assertEquals("3", beyond.field("nextBeginOffset"), "an offset past the end moves to the end");

        RemotingCommand emptyAtZero = pullAll("T", 1, 0);
        assertEquals(ResponseCode.PULL_NOT_FOUND, emptyAtZero.code());
        assertEquals("0", emptyAtZero.field("nextBeginOffset"));
        RemotingCommand emptyElsewhere = pullAll("T", 1, 4);
        assertEquals(ResponseCode.PULL_OFFSET_MOVED, emptyElsewhere.code());
        assertEquals("0", emptyElsewhere.field("nextBeginOffset"));

        assertEquals(ResponseCode.SYSTEM_ERROR, pullAll("T", 2, 0).code(), "queue id outside the topic");
        RemotingCommand noTopic = pullAll("Nope", 0, 0);
        assertEquals(ResponseCode.TOPIC_NOT_EXIST, noTopic.code());
        assertTrue(noTopic.remark().contains("Nope"), noTopic.remark());
    }

    @Test
    void maxMsgNumsLimitsTheAnswer() throws Exception {
        for (int i = 0; i < 5; i++) {
            broker.put("T", 0, "m" + i, (String) null);
        }
        RemotingCommand r = broker.call(pull("g", "T", 0, 1, 4, 0, "*", "TAG").put("maxMsgNums", 2));
        assertEquals(List.of("m1", "m2"), bodies(r));
        assertEquals("3", r.field("nextBeginOffset"));
    }

    @Test
    void tagFilterSkipsOthersAndMovesPastThem() throws Exception {
        broker.put("T", 0, "a0", "A");
        broker.put("T", 0, "b1", "B");
        broker.put("T", 0, "n2", (String) null);
        broker.put("T", 0, "a3", "A");
        broker.put("T", 0, "c4", "C");
        RemotingCommand r = broker.call(pull("g", "T", 0, 0, 4, 0, "A || C", "TAG"));
        assertEquals(ResponseCode.SUCCESS, r.code());
        assertEquals(List.of("a0", "a3", "c4"), bodies(r));
        assertEquals("5", r.field("nextBeginOffset"));
        RemotingCommand none = broker.call(pull("g", "T", 0, 0, 4, 0, "D", "TAG"));
        assertEquals(ResponseCode.PULL_RETRY_IMMEDIATELY, none.code(), "entries scanned, none matched");
        assertEquals("5", none.field("nextBeginOffset"));
        RemotingCommand bad = broker.call(pull("g", "T", 0, 0, 4, 0, "||", "TAG"));
        assertEquals(ResponseCode.SUBSCRIPTION_PARSE_FAILED, bad.code());
    }

    @Test
    void sqlFilterSelectsByProperties() throws Exception {
        for (int i = 1; i <= 5; i++) {
            broker.put("T", 0, "m" + i, Map.of("a", String.valueOf(i), "TAGS", i % 2 == 0 ? "even" : "odd"));
        }
        RemotingCommand r = broker.call(pull("g", "T", 0, 0, 4, 0, "a > 2 AND TAGS = 'odd'", "SQL92"));
        assertEquals(ResponseCode.SUCCESS, r.code(), r.remark());
        assertEquals(List.of("m3", "m5"), bodies(r));
        RemotingCommand bad = broker.call(pull("g", "T", 0, 0, 4, 0, "a >>> 2", "SQL92"));
        assertEquals(ResponseCode.SUBSCRIPTION_PARSE_FAILED, bad.code());
        assertTrue(bad.remark().contains("position"), bad.remark());
    }

    @Test
    void subscriptionFromHeartbeatsAndItsVersion() throws Exception {
        broker.put("T", 0, "a0", "A");
        broker.put("T", 0, "b1", "B");
        RemotingCommand noGroup = broker.call(pull("hb", "T", 0, 0, 0, 0, null, null));
        assertEquals(ResponseCode.SUBSCRIPTION_NOT_EXIST, noGroup.code());
        assertEquals(ResponseCode.SUCCESS, broker.call(ConsumeHarness.heartbeat("c1", "hb", "CLUSTERING",
                Map.of("T", "B"), "TAG")).code());
        RemotingCommand r = broker.call(pull("hb", "T", 0, 0, 0, 0, null, null));
        assertEquals(List.of("b1"), bodies(r), "the heartbeat's tag subscription applies");
        RemotingCommand newer = broker.call(pull("hb", "T", 0, 0, 0, 0, null, null).put("subVersion", 5000));
        assertEquals(ResponseCode.SUBSCRIPTION_NOT_LATEST, newer.code());
        RemotingCommand otherTopic = broker.call(pull("hb", "%RETRY%hb", 0, 0, 0, 0, null, null));
        assertEquals(ResponseCode.SUBSCRIPTION_NOT_EXIST, otherTopic.code(), "no subscription for that topic");
    }

    @Test
    void commitOffsetInThePullIsStored() throws Exception {
        broker.put("T", 0, "m0", (String) null);
        RemotingCommand p = pull("g", "T", 0, 0, 1 | 4, 0, "*", "TAG").put("commitOffset", 1);
        assertEquals(ResponseCode.SUCCESS, broker.call(p).code());
        RemotingCommand q = broker.call(RemotingCommand.request(RequestCode.QUERY_CONSUMER_OFFSET)
                .put("consumerGroup", "g").put("topic", "T").put("queueId", 0));
        assertEquals(ResponseCode.SUCCESS, q.code());
        assertEquals("1", q.field("offset"));
    }

    @Test
    void heldPullIsWokenByAnArrivingMessage() throws Exception {
        broker.put("T", 0, "m0", (String) null);
        CompletableFuture<RemotingCommand> held = broker.callAsync(pull("g", "T", 0, 1, 2 | 4, 20_000, "*", "TAG"),
                30_000);
        Thread.sleep(300);
        assertFalse(held.isDone(), "nothing new: the pull is held");
        long sent = System.nanoTime();
        broker.put("T", 0, "m1", (String) null);
        RemotingCommand r = held.get(5, TimeUnit.SECONDS);
        long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - sent);
        assertEquals(ResponseCode.SUCCESS, r.code());
        assertEquals(List.of("m1"), bodies(r));
        assertTrue(tookMs < 8000, "woken by the message, not at the 20 s hold time: " + tookMs + " ms");
        assertEquals(0, broker.side().longPolling().heldCount());
    }

    @Test
    void pullsOfAKnownGroupRunOnTheEventLoopAndAHeldOneDoesNotBlockIt() throws Exception {
        PullProcessor processor = new PullProcessor(broker.core.context(), broker.side().consumers(),
                broker.side().subscriptionGroups(), broker.side().offsets(), null, broker.side().longPolling());
        RemotingCommand firstPull = pull("fresh", "T", 0, 0, 4, 0, "*", "TAG");
        assertFalse(processor.runsOnEventLoop(firstPull), "a pull that creates its group writes a file: executor");
        broker.put("T", 1, "x0", (String) null);
        assertEquals(List.of("x0"), bodies(broker.call(pull("fresh", "T", 1, 0, 4, 0, "*", "TAG"))));
        assertTrue(processor.runsOnEventLoop(firstPull), "the group exists now: event loop");

        // one connection, so one event loop: a pull held there must not stop the next request from being served
        CompletableFuture<RemotingCommand> held = broker.callAsync(pull("fresh", "T", 0, 0, 2 | 4, 20_000, "*",
                "TAG"), 30_000);
        Thread.sleep(200);
        assertFalse(held.isDone(), "nothing in queue 0: the pull is held");
        broker.put("T", 1, "x1", (String) null);
        RemotingCommand other = broker.callAsync(pull("fresh", "T", 1, 1, 4, 0, "*", "TAG"), 5_000)
                .get(5, TimeUnit.SECONDS);
        assertEquals(List.of("x1"), bodies(other));
        assertEquals("2", other.field("nextBeginOffset"));
        broker.put("T", 0, "m0", (String) null);
        RemotingCommand woken = held.get(5, TimeUnit.SECONDS);
        assertEquals(List.of("m0"), bodies(woken));
        assertEquals("1", woken.field("nextBeginOffset"));
    }

    @Test
    void heldPullAnswersNotFoundWhenItsTimeIsUp() throws Exception {
        long start = System.nanoTime();
        RemotingCommand r = broker.callAsync(pull("g", "T", 0, 0, 2 | 4, 600, "*", "TAG"), 10_000)
                .get(10, TimeUnit.SECONDS);
        long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertEquals(ResponseCode.PULL_NOT_FOUND, r.code());
        assertEquals("0", r.field("nextBeginOffset"));
        assertTrue(tookMs >= 550 && tookMs < 10_000, "held about 600 ms: " + tookMs);
    }

    @Test
    void heldPullIgnoresMessagesItsTagFilterRejects() throws Exception {
        CompletableFuture<RemotingCommand> held = broker.callAsync(pull("g", "T", 0, 0, 2 | 4, 20_000, "A", "TAG"),
                30_000);
        Thread.sleep(200);
        broker.put("T", 0, "b0", "B");
        Thread.sleep(300);
        assertFalse(held.isDone(), "a message of another tag does not wake the pull");
        broker.put("T", 0, "a1", "A");
        RemotingCommand r = held.get(5, TimeUnit.SECONDS);
        assertEquals(List.of("a1"), bodies(r));
        assertEquals("2", r.field("nextBeginOffset"));
    }

    @Test
    void shortPollingHoldsForShortPollingTimeMills() throws Exception {
        broker.close();
        broker = new ConsumeHarness(dir.resolve("short"), Map.of("longPollingEnable", false,
                "shortPollingTimeMills", 300));
        broker.createTopic("T", 1);
        long start = System.nanoTime();
        RemotingCommand r = broker.callAsync(pull("g", "T", 0, 0, 2 | 4, 20_000, "*", "TAG"), 30_000)
                .get(10, TimeUnit.SECONDS);
        long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertEquals(ResponseCode.PULL_NOT_FOUND, r.code());
        assertTrue(tookMs >= 250 && tookMs < 10_000, "held about 300 ms, not 20 s: " + tookMs);
    }

    @Test
    void sqlIsRefusedWhenPropertyFilteringIsOffAndUnknownGroupsWithoutAutoCreate() throws Exception {
        broker.close();
        broker = new ConsumeHarness(dir.resolve("strict"), Map.of("autoCreateSubscriptionGroup", false));
        broker.createTopic("T", 1);
        RemotingCommand noGroup = broker.call(pull("nobody", "T", 0, 0, 4, 0, "*", "TAG"));
        assertEquals(ResponseCode.SUBSCRIPTION_GROUP_NOT_EXIST, noGroup.code());
        RemotingCommand sql = broker.call(pull("SELF_TEST_C_GROUP", "T", 0, 0, 4, 0, "a > 1", "SQL92"));
        assertEquals(ResponseCode.SYSTEM_ERROR, sql.code());
        assertTrue(sql.remark().contains("enablePropertyFilter"), sql.remark());
    }
}
