package io.comet.namesrv.internal.route;

/** Identifies one live broker process: its cluster and its {@code ip:port}. */
record BrokerKey(String cluster, String addr) {
    @Override
    public String toString() {
        return cluster + "/" + addr;
    }
}
