package io.comet.common;

import java.util.Map;

/**
 * A part of a node that reports its state to operators (Gogo {@code mq:status}, admin tools). Register
 * implementations as OSGi services; the shell lists every one of them.
 */
public interface StatusSource {
    /** Short name of the part, e.g. {@code namesrv}, {@code store}, {@code flush}. */
    String statusName();

    /** Current figures, in display order; values are rendered with {@code String.valueOf}. */
    Map<String, Object> status();
}
