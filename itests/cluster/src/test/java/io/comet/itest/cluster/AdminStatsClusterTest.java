package io.comet.itest.cluster;

import static io.comet.itest.cluster.ConsumeCluster.await;
import static io.comet.itest.cluster.ConsumeCluster.body;
import static io.comet.itest.cluster.ConsumeCluster.message;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.rocketmq.client.consumer.DefaultMQPullConsumer;
import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.client.consumer.PullResult;
import org.apache.rocketmq.client.consumer.PullStatus;
import org.apache.rocketmq.client.consumer.listener.ConsumeConcurrentlyStatus;
import org.apache.rocketmq.client.consumer.listener.MessageListenerConcurrently;
import org.apache.rocketmq.client.exception.MQBrokerException;
import org.apache.rocketmq.client.exception.MQClientException;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.common.MQVersion;
import org.apache.rocketmq.common.consumer.ConsumeFromWhere;
import org.apache.rocketmq.common.message.MessageQueue;
import org.apache.rocketmq.remoting.protocol.LanguageCode;
import org.apache.rocketmq.remoting.protocol.admin.ConsumeStats;
import org.apache.rocketmq.remoting.protocol.admin.OffsetWrapper;
import org.apache.rocketmq.remoting.protocol.body.Connection;
import org.apache.rocketmq.remoting.protocol.body.ConsumerConnection;
import org.apache.rocketmq.remoting.protocol.heartbeat.ConsumeType;
import org.apache.rocketmq.remoting.protocol.heartbeat.MessageModel;
import org.apache.rocketmq.remoting.protocol.heartbeat.SubscriptionData;
import org.apache.rocketmq.remoting.protocol.subscription.SubscriptionGroupConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@code mqadmin consumerConnection}, {@code consumerProgress} and {@code updateSubGroup} read and write,
 * through rocketmq-tools 5.3.1 {@code DefaultMQAdminExt} against {@code bin/mqnamesrv} + {@code bin/mqbroker}:
 * a live group's connections and subscriptions, per-queue broker and consumer offsets and the lag, and
 * subscription groups whose settings the broker applies.
 */
@Timeout(60)
class AdminStatsClusterTest {
    @TempDir
    static Path work;
    static ConsumeCluster cluster;
    static DefaultMQProducer producer;

    @BeforeAll
    static void start() throws Exception {
        cluster = new ConsumeCluster(work, "broker-st", Map.of());
        producer = cluster.producer("stats-producer");
    }

    @AfterAll
    static void stop() {
        if (producer != null) producer.shutdown();
        if (cluster != null) cluster.close();
    }

    private static void sendTo(String topic, int queueId, String tag, int n) throws Exception {
        MessageQueue mq = new MessageQueue(topic, cluster.brokerName, queueId);
        for (int i = 0; i < n; i++) {
            producer.send(message(topic, tag, "q" + queueId + "-" + i), mq);
        }
    }

    private static ConsumeStats stats(String group, String topic) {
        try {
            return cluster.admin.examineConsumeStats(group, topic);
        } catch (Exception e) {
            return null;
        }
    }

    private static int responseCode(Exception e) {
        if (e instanceof MQBrokerException b) return b.getResponseCode();
        if (e instanceof MQClientException c) return c.getResponseCode();
        return -1;
    }

    @Test
    void consumerConnectionAndProgressDescribeALiveGroup() throws Exception {
        String topic = cluster.topic("Stats", 2);
        String group = cluster.group("stats");
        sendTo(topic, 0, "TagA", 10);
        sendTo(topic, 1, "TagB", 6);
        List<String> got = new CopyOnWriteArrayList<>();
        DefaultMQPushConsumer c = cluster.pushConsumer(group);
        c.subscribe(topic, "TagA || TagB");
        c.registerMessageListener((MessageListenerConcurrently) (msgs, ctx) -> {
            msgs.forEach(m -> got.add(body(m)));
            return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
        });
        c.start();
        try {
            await(() -> got.size() >= 16, "all 16 messages are consumed");
            // consumerConnection: the admin finds the group's brokers through the %RETRY% topic's route
            await(() -> cluster.route("%RETRY%" + group), "the group's retry topic is routed");
            ConsumerConnection conn = cluster.admin.examineConsumerConnectionInfo(group);
            assertEquals(1, conn.getConnectionSet().size(), "one live instance: " + conn.getConnectionSet());
            Connection one = conn.getConnectionSet().iterator().next();
            assertEquals(c.buildMQClientId(), one.getClientId());
            assertTrue(one.getClientAddr().startsWith("127.0.0.1:"), one.getClientAddr());
            assertEquals(LanguageCode.JAVA, one.getLanguage());
            assertEquals(MQVersion.CURRENT_VERSION, one.getVersion());
            assertEquals(ConsumeType.CONSUME_PASSIVELY, conn.getConsumeType());
            assertEquals(MessageModel.CLUSTERING, conn.getMessageModel());
            assertEquals(ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET, conn.getConsumeFromWhere());
            SubscriptionData sub = conn.getSubscriptionTable().get(topic);
            assertNotNull(sub, "subscriptions: " + conn.getSubscriptionTable().keySet());
            assertEquals(Set.of("TagA", "TagB"), sub.getTagsSet());
            assertTrue(conn.getSubscriptionTable().containsKey("%RETRY%" + group),
                    "a clustering consumer also subscribes its retry topic: " + conn.getSubscriptionTable().keySet());

            // consumerProgress: per queue broker offset, committed consumer offset and the lag
            await(() -> {
                ConsumeStats s = stats(group, topic);
                return s != null && s.computeTotalDiff() == 0 && s.getOffsetTable().size() == 2;
            }, () -> "the group has committed everything: " + stats(group, topic));
            ConsumeStats done = stats(group, topic);
            OffsetWrapper q0 = done.getOffsetTable().get(new MessageQueue(topic, cluster.brokerName, 0));
            OffsetWrapper q1 = done.getOffsetTable().get(new MessageQueue(topic, cluster.brokerName, 1));
            assertEquals(10, q0.getBrokerOffset());
            assertEquals(10, q0.getConsumerOffset());
            assertEquals(6, q1.getBrokerOffset());
            assertEquals(6, q1.getConsumerOffset());
            assertTrue(q0.getLastTimestamp() > 0, "the last consumed message's store time is shown");
        } finally {
            c.shutdown();
        }
        sendTo(topic, 0, "TagA", 3);
        await(() -> {
            ConsumeStats s = stats(group, topic);
            return s != null && s.computeTotalDiff() == 3;
        }, () -> "three new messages show as the group's lag: " + stats(group, topic));
        OffsetWrapper q0 = stats(group, topic).getOffsetTable().get(new MessageQueue(topic, cluster.brokerName, 0));
        assertEquals(13, q0.getBrokerOffset());
        assertEquals(10, q0.getConsumerOffset());

        await(() -> {
            try {
                cluster.admin.examineConsumerConnectionInfo(group);
                return false;
            } catch (Exception e) {
                return responseCode(e) == 206;
            }
        }, "a group with no live instance is CONSUMER_NOT_ONLINE (206)");
    }

    @Test
    void subscriptionGroupsAreStoredReadAndApplied() throws Exception {
        String topic = cluster.topic("SubGroup", 1);
        String group = cluster.group("subgrp");
        sendTo(topic, 0, "T", 2);
        SubscriptionGroupConfig config = new SubscriptionGroupConfig();
        config.setGroupName(group);
        config.setRetryMaxTimes(5);
        config.setRetryQueueNums(1);
        config.setConsumeEnable(false);
        cluster.admin.createAndUpdateSubscriptionGroupConfig(cluster.brokerAddr, config);
        SubscriptionGroupConfig read = cluster.admin.examineSubscriptionGroupConfig(cluster.brokerAddr, group);
        assertEquals(group, read.getGroupName());
        assertEquals(5, read.getRetryMaxTimes());
        assertFalse(read.isConsumeEnable());
        assertTrue(cluster.admin.getAllSubscriptionGroup(cluster.brokerAddr, 5000).getSubscriptionGroupTable()
                .containsKey(group), "listed among all groups");

        DefaultMQPullConsumer reader = new DefaultMQPullConsumer(group);
        reader.setNamesrvAddr(cluster.nsAddr);
        reader.setInstanceName("subgrp-" + System.nanoTime());
        reader.start();
        try {
            MessageQueue mq = new MessageQueue(topic, cluster.brokerName, 0);
            MQBrokerException refused = assertThrows(MQBrokerException.class, () -> reader.pull(mq, "*", 0, 32));
            assertEquals(16, refused.getResponseCode(), "consumeEnable=false: NO_PERMISSION");
            assertTrue(String.valueOf(refused.getErrorMessage()).contains(group), refused.getErrorMessage());

            config.setConsumeEnable(true);
            cluster.admin.createAndUpdateSubscriptionGroupConfig(cluster.brokerAddr, config);
            PullResult r = reader.pull(mq, "*", 0, 32);
            assertEquals(PullStatus.FOUND, r.getPullStatus());
            assertEquals(new TreeSet<>(List.of("q0-0", "q0-1")),
                    new TreeSet<>(r.getMsgFoundList().stream().map(ConsumeCluster::body).toList()));
        } finally {
            reader.shutdown();
        }

        cluster.admin.deleteSubscriptionGroup(cluster.brokerAddr, group);
        assertFalse(cluster.admin.getAllSubscriptionGroup(cluster.brokerAddr, 5000).getSubscriptionGroupTable()
                .containsKey(group), "deleted");
    }
}
