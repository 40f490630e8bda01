package io.comet.namesrv.internal.processor;

import io.comet.remoting.RemotingCommand;

/** Request builders for processor tests. */
final class Requests {
    private Requests() {}

    static int opaque = 100;

    static RemotingCommand request(int code, String... keyValues) {
        RemotingCommand r = RemotingCommand.request(code).opaque(++opaque);
        for (int i = 0; i < keyValues.length; i += 2) {
            r.put(keyValues[i], keyValues[i + 1]);
        }
        return r;
    }
}
