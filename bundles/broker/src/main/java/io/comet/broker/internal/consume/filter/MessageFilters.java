package io.comet.broker.internal.consume.filter;

import io.comet.common.MessageProperties;
import io.comet.store.TagFilter;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Turns a {@link SubscriptionData} into the store's {@link TagFilter}: TAG subscriptions compare the consume-queue
 * tag code with the subscribed tags' hash codes (the client re-checks the tag text, since hashes collide); SQL92
 * subscriptions pass every tag code and evaluate the expression on the stored message's properties.
 */
public final class MessageFilters {
    private MessageFilters() {}

    /**
     * The filter for {@code sub}. Throws when a SQL92 expression does not compile, or names the broker setting
     * when SQL92 is used while {@code enablePropertyFilter} is false.
     */
    public static TagFilter of(SubscriptionData sub, boolean enablePropertyFilter) throws FilterExpressionException {
        if (sub == null || sub.isAll()) {
            return TagFilter.ALL;
        }
        if (sub.isTagType()) {
            int[] codes = new int[sub.tagsSet().size()];
            int n = 0;
            for (String tag : sub.tagsSet()) {
                codes[n++] = tag.hashCode();
            }
            if (n == 1) {
                return new SingleTagFilter(codes[0]);
            }
            Arrays.sort(codes);
            return new TagCodesFilter(codes);
        }
        if (!enablePropertyFilter) {
            throw new FilterExpressionException("The broker does not support consumer to filter message by SQL92: "
                    + "set enablePropertyFilter=true in the broker configuration (subscription of topic "
                    + sub.topic() + ": " + sub.subString() + ")");
        }
        return new SqlPropertyFilter(SqlFilterExpression.compile(sub.subString()));
    }

    /** One subscribed tag. */
    record SingleTagFilter(int code) implements TagFilter {
        @Override
        public boolean matches(long tagsCode) {
            return (int) tagsCode == code;
        }
    }

    /** Several subscribed tags (sorted hash codes). */
    record TagCodesFilter(int[] codes) implements TagFilter {
        @Override
        public boolean matches(long tagsCode) {
            return Arrays.binarySearch(codes, (int) tagsCode) >= 0;
        }
    }

    /** SQL92 on the stored properties. */
    record SqlPropertyFilter(SqlFilterExpression expression) implements TagFilter {
        @Override
        public boolean matches(long tagsCode) {
            return true;
        }

        @Override
        public boolean matchesStored(ByteBuffer message) {
            String props = StoredProperties.read(message, message.position());
            return expression.matches(name -> MessageProperties.get(props, name));
        }
    }
}
