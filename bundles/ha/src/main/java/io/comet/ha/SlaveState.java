package io.comet.ha;

/**
 * One slave connected to this master.
 *
 * @param address   the slave's remote address ({@code host:port})
 * @param ackedOffset the slave's last reported commit-log end (everything below is on the slave); -1 before the
 *                    first report after the handshake
 * @param inSync    connected and behind the master by at most {@code haSlaveFallbehindMax} bytes
 */
public record SlaveState(String address, long ackedOffset, boolean inSync) {}
