package io.comet.store;

import java.nio.ByteBuffer;

/**
 * Decides which consume-queue entries a read returns. {@link #matches(long)} sees the entry's tag code (the
 * {@code String.hashCode()} of the TAGS property, 0 without tags); {@link #matchesStored} may look at the stored
 * message too (SQL92 filters); it is called only for entries that passed the tag code.
 */
@FunctionalInterface
public interface TagFilter {
    /** Every message matches. */
    TagFilter ALL = tagsCode -> true;

    boolean matches(long tagsCode);

    /** Second check on the stored bytes (a read-only slice positioned at 0). Default: true. */
    default boolean matchesStored(ByteBuffer message) {
        return true;
    }
}
