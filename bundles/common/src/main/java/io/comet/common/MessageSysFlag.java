package io.comet.common;

/**
 * Bits of a stored message's SYSFLAG field (RocketMQ's layout): bit 0 compressed, bit 1 multi-tags, bits 2-3
 * transaction type, bit 4 born host IPv6, bit 5 store host IPv6, bit 6 need-unwrap, bit 7 inner batch, bits 8-10
 * compression type.
 */
public final class MessageSysFlag {
    public static final int COMPRESSED = 1;
    public static final int MULTI_TAGS = 1 << 1;
    public static final int TRANSACTION_NOT_TYPE = 0;
    public static final int TRANSACTION_PREPARED_TYPE = 1 << 2;
    public static final int TRANSACTION_COMMIT_TYPE = 2 << 2;
    public static final int TRANSACTION_ROLLBACK_TYPE = 3 << 2;
    public static final int BORN_HOST_V6 = 1 << 4;
    public static final int STORE_HOST_V6 = 1 << 5;
    public static final int NEED_UNWRAP = 1 << 6;
    public static final int INNER_BATCH = 1 << 7;

    private static final int TRANSACTION_MASK = 3 << 2;

    private MessageSysFlag() {}

    /** The transaction type bits of {@code sysFlag}: one of the {@code TRANSACTION_*_TYPE} constants. */
    public static int transactionType(int sysFlag) {
        return sysFlag & TRANSACTION_MASK;
    }

    /** True when a message with this flag gets a consume-queue entry (not a prepared or rolled-back transaction). */
    public static boolean isConsumable(int sysFlag) {
        int t = transactionType(sysFlag);
        return t == TRANSACTION_NOT_TYPE || t == TRANSACTION_COMMIT_TYPE;
    }

    /** Length of the born host field (address + port) for this flag: 8 (IPv4) or 20 (IPv6). */
    public static int bornHostLength(int sysFlag) {
        return (sysFlag & BORN_HOST_V6) == 0 ? 8 : 20;
    }

    /** Length of the store host field (address + port) for this flag: 8 (IPv4) or 20 (IPv6). */
    public static int storeHostLength(int sysFlag) {
        return (sysFlag & STORE_HOST_V6) == 0 ? 8 : 20;
    }
}
