package io.comet.broker.internal.consume.filter;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.TreeSet;

/**
 * A consumer's subscription to one topic, as carried by heartbeats and shown by admin requests.
 *
 * <p>JSON (fastjson names): {@code {"classFilterMode":false,"codeSet":[2598919],"expressionType":"TAG",
 * "subString":"TagA || TagB","subVersion":1700000000000,"tagsSet":["TagA","TagB"],"topic":"T"}}. For TAG
 * subscriptions {@code tagsSet} holds the trimmed tags and {@code codeSet} their {@code String.hashCode()};
 * {@code subString} {@code *} means every message. For SQL92 subscriptions {@code subString} is the expression.
 *
 * @param topic subscribed topic
 * @param subString the expression as the user wrote it
 * @param tagsSet TAG subscriptions: the tags (empty for {@code *})
 * @param codeSet TAG subscriptions: the tags' hash codes
 * @param subVersion version of the subscription (client time in ms when it was made)
 * @param expressionType {@code TAG} or {@code SQL92}
 * @param classFilterMode legacy class filter flag (always false here)
 */
public record SubscriptionData(String topic, String subString, Set<String> tagsSet, Set<Integer> codeSet,
                               long subVersion, String expressionType, boolean classFilterMode) {
    public static final String SUB_ALL = "*";
    public static final String TYPE_TAG = "TAG";
    public static final String TYPE_SQL92 = "SQL92";

    public SubscriptionData {
        tagsSet = tagsSet == null ? Set.of() : Collections.unmodifiableSet(new LinkedHashSet<>(tagsSet));
        codeSet = codeSet == null ? Set.of() : Collections.unmodifiableSet(new TreeSet<>(codeSet));
        expressionType = expressionType == null || expressionType.isEmpty() ? TYPE_TAG : expressionType;
    }

    @JsonCreator
    static SubscriptionData fromJson(@JsonProperty("topic") String topic, @JsonProperty("subString") String subString,
                                     @JsonProperty("tagsSet") Set<String> tagsSet,
                                     @JsonProperty("codeSet") Set<Integer> codeSet,
                                     @JsonProperty("subVersion") Long subVersion,
                                     @JsonProperty("expressionType") String expressionType,
                                     @JsonProperty("classFilterMode") Boolean classFilterMode) {
        return new SubscriptionData(topic, subString, tagsSet, codeSet, subVersion == null ? 0 : subVersion,
                expressionType, classFilterMode != null && classFilterMode);
    }

    /** True for a TAG subscription (also when the type is missing). */
    public boolean isTagType() {
        return TYPE_TAG.equalsIgnoreCase(expressionType);
    }

    /** True for a TAG subscription that takes every message. */
    public boolean isAll() {
        return isTagType() && (subString == null || subString.isBlank() || SUB_ALL.equals(subString.trim()));
    }

    /**
     * Builds a subscription from an expression, as a pull header or a client does: TAG expressions are split on
     * {@code ||} and trimmed ({@code *} or empty = all); SQL92 expressions are kept as written (compiled later).
     * Throws when the type is unknown or a TAG expression has no tag between its separators.
     */
    public static SubscriptionData build(String topic, String expression, String type, long subVersion)
            throws FilterExpressionException {
        String t = type == null || type.isEmpty() ? TYPE_TAG : type;
        if (TYPE_SQL92.equalsIgnoreCase(t)) {
            if (expression == null || expression.isBlank()) {
                throw new FilterExpressionException("SQL92 subscription of topic " + topic + " has no expression");
            }
            return new SubscriptionData(topic, expression, Set.of(), Set.of(), subVersion, TYPE_SQL92, false);
        }
        if (!TYPE_TAG.equalsIgnoreCase(t)) {
            throw new FilterExpressionException("unknown expression type '" + type + "' for topic " + topic
                    + " (TAG or SQL92 expected)");
        }
        if (expression == null || expression.isBlank() || SUB_ALL.equals(expression.trim())) {
            return new SubscriptionData(topic, SUB_ALL, Set.of(), Set.of(), subVersion, TYPE_TAG, false);
        }
        Set<String> tags = new LinkedHashSet<>();
        Set<Integer> codes = new LinkedHashSet<>();
        for (String part : expression.split("\\|\\|")) {
            String tag = part.trim();
            if (!tag.isEmpty()) {
                tags.add(tag);
                codes.add(tag.hashCode());
            }
        }
        if (tags.isEmpty()) {
            throw new FilterExpressionException("tag expression '" + expression + "' of topic " + topic
                    + " names no tag (expected e.g. 'TagA || TagB' or '*')");
        }
        return new SubscriptionData(topic, expression, tags, codes, subVersion, TYPE_TAG, false);
    }
}
