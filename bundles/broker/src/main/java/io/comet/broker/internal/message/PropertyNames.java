package io.comet.broker.internal.message;

/**
 * Reserved message property names the broker reads or writes (the protocol sheet, 5.4). Shared by the producing
 * and consuming sides; {@link io.comet.common.MessageProperties} has the generic ones (TAGS, KEYS, UNIQ_KEY, WAIT,
 * DELAY).
 */
public final class PropertyNames {
    private PropertyNames() {}

    /** Added by the broker to every stored message: the cluster name. */
    public static final String CLUSTER = "CLUSTER";
    /** Original topic of a message parked in SCHEDULE_TOPIC_XXXX or RMQ_SYS_TRANS_HALF_TOPIC. */
    public static final String REAL_TOPIC = "REAL_TOPIC";
    /** Original queue id of a parked message (decimal). */
    public static final String REAL_QID = "REAL_QID";
    /** "true" on transactional half messages. */
    public static final String TRAN_MSG = "TRAN_MSG";
    /** Producer group of a transactional message. */
    public static final String PRODUCER_GROUP = "PGROUP";
    /** Queue offset of the half message, on a committed message (informational). */
    public static final String TRAN_PREPARED_QUEUE_OFFSET = "TRAN_PREPARED_QUEUE_OFFSET";
    /** Check-back count of a half message. */
    public static final String TRANSACTION_CHECK_TIMES = "TRANSACTION_CHECK_TIMES";
    /** 5.x transaction id property. */
    public static final String TRANSACTION_ID = "__transactionId__";
    /** Original topic of a retried message. */
    public static final String RETRY_TOPIC = "RETRY_TOPIC";
    public static final String RECONSUME_TIME = "RECONSUME_TIME";
    public static final String MAX_RECONSUME_TIMES = "MAX_RECONSUME_TIMES";
    public static final String ORIGIN_MESSAGE_ID = "ORIGIN_MESSAGE_ID";
    /** 5.x: original topic and id of a dead-lettered message. */
    public static final String DLQ_ORIGIN_TOPIC = "DLQ_ORIGIN_TOPIC";
    public static final String DLQ_ORIGIN_MESSAGE_ID = "DLQ_ORIGIN_MESSAGE_ID";
    /** 5.x absolute delivery time in ms. */
    public static final String TIMER_DELIVER_MS = "TIMER_DELIVER_MS";
    /** 5.x relative delay in seconds. */
    public static final String TIMER_DELAY_SEC = "TIMER_DELAY_SEC";
    /** 5.x relative delay in ms. */
    public static final String TIMER_DELAY_MS = "TIMER_DELAY_MS";
    /** Legacy (ONS) absolute delivery time in ms. */
    public static final String START_DELIVER_TIME = "__STARTDELIVERTIME";
    /** Send-response ext field: the broker's region. */
    public static final String MSG_REGION = "MSG_REGION";
    /** Send-response ext field: whether tracing is on. */
    public static final String TRACE_ON = "TRACE_ON";
}
