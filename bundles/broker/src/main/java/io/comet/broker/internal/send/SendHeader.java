package io.comet.broker.internal.send;

import io.comet.remoting.RemotingCommand;
import io.comet.remoting.RemotingCommandException;
import io.comet.remoting.RequestCode;
import java.util.Map;

/**
 * The header of SEND_MESSAGE (10, long field names), SEND_MESSAGE_V2 (310) and SEND_BATCH_MESSAGE (320) (both
 * one-letter keys), decoded by hand (no reflection). Required fields (the sheet's {@code !}) missing or not
 * numbers fail with {@link RemotingCommandException} naming the request code and the field, which the server
 * answers with SYSTEM_ERROR.
 *
 * <pre>
 * V2 V1 name                 type
 * a  producerGroup           string !
 * b  topic                   string !
 * c  defaultTopic            string !
 * d  defaultTopicQueueNums   int !
 * e  queueId                 int !     (negative: the broker picks one)
 * f  sysFlag                 int !
 * g  bornTimestamp           long !
 * h  flag                    int !
 * i  properties              string
 * j  reconsumeTimes          int       (0)
 * k  unitMode                boolean   (false)
 * l  maxReconsumeTimes       int       (absent: -1)
 * m  batch                   boolean   (false)
 * n  brokerName (V1: bname)  string
 * </pre>
 */
public record SendHeader(String producerGroup, String topic, String defaultTopic, int defaultTopicQueueNums,
                         int queueId, int sysFlag, long bornTimestamp, int flag, String properties,
                         int reconsumeTimes, boolean unitMode, int maxReconsumeTimes, boolean batch,
                         String brokerName) {

    /** Field names of the V1 header, in the order of the V2 letters a..n. */
    private static final String[] V1 = {"producerGroup", "topic", "defaultTopic", "defaultTopicQueueNums", "queueId",
            "sysFlag", "bornTimestamp", "flag", "properties", "reconsumeTimes", "unitMode", "maxReconsumeTimes",
            "batch", "bname"};
    private static final String[] V2 = {"a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k", "l", "m", "n"};

    /** Decodes the header of a send request of any of the three codes. */
    public static SendHeader decode(RemotingCommand request) throws RemotingCommandException {
        Map<String, String> f = request.extFields();
        int code = request.code();
        if (f == null) {
            throw new RemotingCommandException("request code " + code + ": the send request has no header");
        }
        String[] names = code == RequestCode.SEND_MESSAGE ? V1 : V2;
        String brokerName = f.get(names[13]);
        if (brokerName == null && code == RequestCode.SEND_MESSAGE) {
            brokerName = f.get("brokerName");
        }
        String props = f.get(names[8]);
        return new SendHeader(
                required(f, names, 0, code),
                required(f, names, 1, code),
                required(f, names, 2, code),
                (int) number(f, names, 3, code, true, 0, Integer.MIN_VALUE, Integer.MAX_VALUE),
                (int) number(f, names, 4, code, true, 0, Integer.MIN_VALUE, Integer.MAX_VALUE),
                (int) number(f, names, 5, code, true, 0, Integer.MIN_VALUE, Integer.MAX_VALUE),
                number(f, names, 6, code, true, 0, Long.MIN_VALUE, Long.MAX_VALUE),
                (int) number(f, names, 7, code, true, 0, Integer.MIN_VALUE, Integer.MAX_VALUE),
                props == null ? "" : props,
                (int) number(f, names, 9, code, false, 0, Integer.MIN_VALUE, Integer.MAX_VALUE),
                Boolean.parseBoolean(f.get(names[10])),
                (int) number(f, names, 11, code, false, -1, Integer.MIN_VALUE, Integer.MAX_VALUE),
                Boolean.parseBoolean(f.get(names[12])),
                brokerName);
    }

    private static String describe(String[] names, int i) {
        return names == V2 ? "'" + V2[i] + "' (" + V1[i] + ")" : "'" + V1[i] + "'";
    }

    private static String required(Map<String, String> f, String[] names, int i, int code)
            throws RemotingCommandException {
        String v = f.get(names[i]);
        if (v == null) {
            throw new RemotingCommandException("request code " + code + ": required header field "
                    + describe(names, i) + " is missing");
        }
        return v;
    }

    private static long number(Map<String, String> f, String[] names, int i, int code, boolean required,
                               long absent, long min, long max) throws RemotingCommandException {
        String v = f.get(names[i]);
        if (v == null || (!required && v.isEmpty())) {
            if (required) {
                throw new RemotingCommandException("request code " + code + ": required header field "
                        + describe(names, i) + " is missing");
            }
            return absent;
        }
        try {
            long value = Long.parseLong(v.trim());
            if (value < min || value > max) {
                throw new NumberFormatException();
            }
            return value;
        } catch (NumberFormatException e) {
            throw new RemotingCommandException("request code " + code + ": header field " + describe(names, i)
                    + " is not a valid number: '" + v + "'");
        }
    }
}
