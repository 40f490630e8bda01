package io.comet.common;

/**
 * Permission bits of topics and brokers, as RocketMQ defines them: PRIORITY 0x8, READ 0x4, WRITE 0x2,
 * INHERIT 0x1. Common values: 6 = read + write (a topic's default), 7 = read + write + inherit (TBW102),
 * 4 = read only, 2 = write only.
 */
public final class PermName {
    public static final int PERM_PRIORITY = 0x8;
    public static final int PERM_READ = 0x4;
    public static final int PERM_WRITE = 0x2;
    public static final int PERM_INHERIT = 0x1;
    /** read + write: the default of a new topic. */
    public static final int PERM_READ_WRITE = PERM_READ | PERM_WRITE;

    private PermName() {}

    public static boolean isReadable(int perm) { return (perm & PERM_READ) == PERM_READ; }

    public static boolean isWriteable(int perm) { return (perm & PERM_WRITE) == PERM_WRITE; }

    public static boolean isInherited(int perm) { return (perm & PERM_INHERIT) == PERM_INHERIT; }

    public static boolean isPriority(int perm) { return (perm & PERM_PRIORITY) == PERM_PRIORITY; }

    /** Three letters as mqadmin shows them: {@code R}/{@code W}/{@code X} (inherit), {@code -} when absent. */
    public static String toString(int perm) {
        return (isReadable(perm) ? "R" : "-") + (isWriteable(perm) ? "W" : "-") + (isInherited(perm) ? "X" : "-");
    }
}
