package io.comet.remoting.internal;

import io.comet.remoting.LanguageCode;
import io.comet.remoting.RemotingCommand;
import io.comet.remoting.SerializeType;

/**
 * Which header encoding a response gets. A request in the binary ROCKETMQ encoding is answered in it. A JSON request
 * from a Java client ({@code language} JAVA in its header) is answered in binary too: every official Java client
 * (rocketmq-client and rocketmq-tools 3.x to 5.x) reads the encoding of each frame from its header word and decodes
 * both, and the binary header costs it far less than the JSON one - parsing JSON response headers with fastjson was
 * about a tenth of the 5.3.1 producer's CPU per synchronous send in the issue-7 profile, and in the benchmark the
 * client, not the broker, is what saturates the cores. Clients in other languages get the encoding they sent.
 *
 * <p>The system property {@code comet.remoting.binaryResponses=false} answers every request in its own encoding
 * (read once, when this class loads).
 */
final class ResponseEncoding {
    static final boolean BINARY_FOR_JAVA = !"false".equalsIgnoreCase(
            System.getProperty("comet.remoting.binaryResponses", "true").trim());

    private ResponseEncoding() {}

    /** The encoding of the response to {@code request}. */
    static SerializeType of(RemotingCommand request) {
        return of(request, BINARY_FOR_JAVA);
    }

    static SerializeType of(RemotingCommand request, boolean binaryForJava) {
        SerializeType sent = request.serializeType() == null ? SerializeType.JSON : request.serializeType();
        if (sent == SerializeType.JSON && binaryForJava && request.language() == LanguageCode.JAVA) {
            return SerializeType.ROCKETMQ;
        }
        return sent;
    }
}
