package io.comet.namesrv.internal.processor;

import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Switches the processors read per request; replaced as a whole when the configuration changes, so a request
 * sees one consistent set.
 *
 * @param orderMessageEnable              routes carry {@code orderTopicConf} from the ORDER_TOPIC_CONFIG namespace
 * @param returnOrderTopicConfigToBroker  REGISTER_BROKER responses carry that namespace as a KVTable body
 * @param enableAllTopicList              GET_ALL_TOPIC_LIST_FROM_NAMESERVER is served (else SYSTEM_ERROR "disable")
 * @param enableTopicList                 GET_TOPICS_BY_CLUSTER is served (else SYSTEM_ERROR "disable")
 * @param configBlackList                 keys UPDATE_NAMESRV_CONFIG may not change
 */
public record Tunables(boolean orderMessageEnable, boolean returnOrderTopicConfigToBroker, boolean enableAllTopicList,
                       boolean enableTopicList, Set<String> configBlackList) {
    public static final String DEFAULT_BLACK_LIST = "configBlackList;configStorePath;kvConfigPath";

    public Tunables {
        configBlackList = Set.copyOf(configBlackList);
    }

    public static Tunables defaults() {
        return new Tunables(false, true, true, true, parseBlackList(DEFAULT_BLACK_LIST));
    }

    /** Splits RocketMQ's {@code ;}-separated list, trimming blanks. */
    public static Set<String> parseBlackList(String list) {
        return Arrays.stream(list == null ? new String[0] : list.split(";"))
                .map(String::trim).filter(s -> !s.isEmpty()).collect(Collectors.toUnmodifiableSet());
    }
}
