package io.comet.broker.internal.send;

import io.comet.remoting.ResponseCode;
import io.comet.store.PutStatus;

/**
 * Maps the store's {@link PutStatus} to the send response code and remark, as RocketMQ's broker does. Codes 10,
 * 11 and 12 mean "stored, but not as durable as asked": the client reports them as a non-OK SendStatus and still
 * reads the response header, so the header is filled for them too.
 */
public final class PutStatusCodes {
    private PutStatusCodes() {}

    public static int code(PutStatus status) {
        return switch (status) {
            case PUT_OK -> ResponseCode.SUCCESS;
            case FLUSH_DISK_TIMEOUT -> ResponseCode.FLUSH_DISK_TIMEOUT;
            case FLUSH_SLAVE_TIMEOUT -> ResponseCode.FLUSH_SLAVE_TIMEOUT;
            case SLAVE_NOT_AVAILABLE -> ResponseCode.SLAVE_NOT_AVAILABLE;
            case SERVICE_NOT_AVAILABLE -> ResponseCode.SERVICE_NOT_AVAILABLE;
            case MESSAGE_ILLEGAL, PROPERTIES_SIZE_EXCEEDED -> ResponseCode.MESSAGE_ILLEGAL;
            default -> ResponseCode.SYSTEM_ERROR;
        };
    }

    /** The remark sent with the code; null for success. */
    public static String remark(PutStatus status) {
        return switch (status) {
            case PUT_OK, FLUSH_DISK_TIMEOUT, FLUSH_SLAVE_TIMEOUT, SLAVE_NOT_AVAILABLE -> null;
            case SERVICE_NOT_AVAILABLE -> "service not available now. It may be caused by one of the following "
                    + "reasons: the broker's disk is full, messages are put to the slave, message store has been "
                    + "shut down, etc.";
            case MESSAGE_ILLEGAL -> "the message is illegal, maybe msg body or properties length not matched. "
                    + "msg body length limit maxMessageSize (4 MiB by default), msg properties length limit 32767 bytes.";
            case PROPERTIES_SIZE_EXCEEDED -> "the message properties are longer than 32767 bytes.";
            case CREATE_MAPPED_FILE_FAILED -> "create mapped file failed, server is busy or broken.";
            default -> "UNKNOWN_ERROR";
        };
    }
}
