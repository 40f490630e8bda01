package io.comet.broker.internal.consume.pull;

import io.comet.broker.internal.consume.client.ClientChannelInfo;
import io.comet.broker.internal.consume.client.ConsumerGroupInfo;
import io.comet.broker.internal.consume.client.ConsumerManager;
import io.comet.broker.internal.consume.filter.SubscriptionData;
import io.comet.common.Json;
import io.comet.remoting.RemotingChannel;
import io.comet.remoting.RemotingCommand;
import io.comet.remoting.RequestCode;
import io.comet.remoting.ResponseCode;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks a consumer for its current subscriptions when one of its pulls carries a newer subscription version than the
 * broker holds (the pull is answered SUBSCRIPTION_NOT_LATEST, as in RocketMQ).
 *
 * <p>Why: the RocketMQ 5.x client raises a topic's subscription version whenever a rebalance changes its queues and
 * sends it with a heartbeat it tries only once ({@code tryLock}). The client's first rebalance and its first periodic
 * heartbeat both run one second after it starts; when the rebalance's heartbeat loses the lock, the broker keeps the
 * old version and refuses every pull until the client's next heartbeat or rebalance, 20-30 s later (2 of 3 Comet
 * drains in the issue-7 benchmark stalled 21 s this way; the client logs "lock heartBeat, but failed" and then
 * "the subscription is not latest" every second). The client answers GET_CONSUMER_RUNNING_INFO (307) with its
 * subscription set, versions included: a newer version from it replaces the held one exactly as a heartbeat would.
 * The pull that found the stale version waits for that answer (a round trip on its own connection) and is then
 * served, or refused SUBSCRIPTION_NOT_LATEST as in RocketMQ when the answer did not bring the version up. Nothing is
 * assumed about the new subscription: if its expression changed, the broker filters with the new one from then on.
 *
 * <p>At most one question per connection per {@value #MIN_INTERVAL_MS} ms (pulls arriving meanwhile join it).
 * The client's body is fastjson output whose queue table uses objects as map keys (not JSON), so only the
 * {@code subscriptionSet} array is cut out of it and parsed ({@link #subscriptionSet(byte[])}).
 */
final class SubscriptionRefresher {
    private static final Logger LOG = LoggerFactory.getLogger(SubscriptionRefresher.class);
    static final long MIN_INTERVAL_MS = 1000;
    private static final long TIMEOUT_MS = 3000;
    private static final String KEY = "subscriptionSet";

    private final ConsumerManager consumers;
    private final ConcurrentHashMap<RemotingChannel, Long> lastAsked = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<RemotingChannel, CompletableFuture<Void>> inFlight = new ConcurrentHashMap<>();

    SubscriptionRefresher(ConsumerManager consumers) {
        this.consumers = consumers;
    }

    /**
     * A pull of {@code group} on {@code channel} named a newer subscription version than the broker holds: asks the
     * client (or joins the question already on its way) and returns a future that completes - always normally - once
     * the answer was taken in, or failed, or timed out; null when the client is not a member of the group or was
     * asked less than {@value #MIN_INTERVAL_MS} ms ago (then the pull is refused at once).
     */
    CompletableFuture<Void> stalePull(RemotingChannel channel, String group) {
        CompletableFuture<Void> pending = inFlight.get(channel);
        if (pending != null) {
            return pending;
        }
        ConsumerGroupInfo info = consumers.group(group);
        if (info == null) {
            return null;
        }
        ClientChannelInfo client = null;
        for (ClientChannelInfo c : info.clients()) {
            if (c.channel() == channel) {
                client = c;
            }
        }
        if (client == null || !mayAsk(channel)) {
            return null;
        }
        CompletableFuture<Void> done = new CompletableFuture<>();
        CompletableFuture<Void> raced = inFlight.putIfAbsent(channel, done);
        if (raced != null) {
            return raced;
        }
        RemotingCommand ask = RemotingCommand.request(RequestCode.GET_CONSUMER_RUNNING_INFO)
                .put("consumerGroup", group).put("clientId", client.clientId()).put("jstackEnable", "false");
        String clientId = client.clientId();
        CompletableFuture<RemotingCommand> answer;
        try {
            answer = channel.invoke(ask, TIMEOUT_MS);
        } catch (RuntimeException e) {
            answer = CompletableFuture.failedFuture(e);
        }
        answer.whenComplete((reply, failure) -> {
            try {
                take(group, clientId, reply, failure);
            } finally {
                inFlight.remove(channel, done);
                done.complete(null);
            }
        });
        return done;
    }

    private void take(String group, String clientId, RemotingCommand reply, Throwable failure) {
        if (failure != null || reply.code() != ResponseCode.SUCCESS || reply.body() == null) {
            LOG.debug("client {} of group {} did not report its subscriptions: {}", clientId, group,
                    failure != null ? failure.toString() : reply.code() + " " + reply.remark());
            return;
        }
        try {
            int n = consumers.refreshSubscriptions(group, subscriptionSet(reply.body()));
            if (n > 0) {
                LOG.info("group {}: {} subscription(s) brought up to the version client {} reported", group, n,
                        clientId);
            }
        } catch (IllegalArgumentException e) {
            LOG.warn("client {} of group {} reported subscriptions that cannot be read: {}", clientId, group,
                    e.getMessage());
        }
    }

    private boolean mayAsk(RemotingChannel channel) {
        long now = System.nanoTime();
        Long last = lastAsked.get(channel);
        if (last != null && now - last < TimeUnit.MILLISECONDS.toNanos(MIN_INTERVAL_MS)) {
            return false;
        }
        boolean mine = last == null ? lastAsked.putIfAbsent(channel, now) == null : lastAsked.replace(channel, last, now);
        if (mine && lastAsked.size() > 1024) {
            lastAsked.keySet().removeIf(c -> !c.isActive());
        }
        return mine;
    }

    /**
     * The {@code subscriptionSet} array of a ConsumerRunningInfo body. The body as a whole need not be JSON (fastjson
     * writes map keys that are objects as objects); the scan skips strings, finds the key at any depth and cuts out
     * the balanced array after it. Fails with {@link IllegalArgumentException} naming what is missing.
     */
    static List<SubscriptionData> subscriptionSet(byte[] body) {
        String s = new String(body, StandardCharsets.UTF_8);
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c != '"') {
                i++;
                continue;
            }
            int end = stringEnd(s, i);
            boolean key = s.regionMatches(i + 1, KEY, 0, KEY.length()) && end == i + 1 + KEY.length();
            i = end + 1;
            if (!key) {
                continue;
            }
            int p = skipSpace(s, i);
            if (p < s.length() && s.charAt(p) == ':') {
                p = skipSpace(s, p + 1);
                if (p < s.length() && s.charAt(p) == '[') {
                    String array = s.substring(p, arrayEnd(s, p) + 1);
                    return List.of(Json.fromString(array, SubscriptionData[].class));
                }
            }
        }
        throw new IllegalArgumentException("no \"" + KEY + "\" array in the consumer running info");
    }

    /** Index of the quote closing the string that opens at {@code open}. */
    private static int stringEnd(String s, int open) {
        for (int i = open + 1; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == '"') {
                return i;
            }
        }
        throw new IllegalArgumentException("unterminated string at " + open + " in the consumer running info");
    }

    /** Index of the bracket closing the array that opens at {@code open}. */
    private static int arrayEnd(String s, int open) {
        int depth = 0;
        for (int i = open; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"') {
                i = stringEnd(s, i);
            } else if (c == '[' || c == '{') {
                depth++;
            } else if ((c == ']' || c == '}') && --depth == 0) {
                return i;
            }
        }
        throw new IllegalArgumentException("unterminated \"" + KEY + "\" array in the consumer running info");
    }

    private static int skipSpace(String s, int i) {
        while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
            i++;
        }
        return i;
    }
}
