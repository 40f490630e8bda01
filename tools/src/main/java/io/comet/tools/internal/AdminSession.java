package io.comet.tools.internal;

import io.comet.remoting.ClientSettings;
import io.comet.remoting.Remoting;
import io.comet.remoting.RemotingClient;
import io.comet.remoting.RemotingCommand;
import io.comet.remoting.RemotingException;
import io.comet.remoting.ResponseCode;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * What a running command works with: the name server list, where to print, and a remoting client opened on
 * first use and closed by {@link #close}. Requests that fail (no answer, or a response code other than the
 * accepted ones) become {@link AdminException}s naming the request, the peer and the remark.
 */
public final class AdminSession implements AutoCloseable {
    /** Timeout of each request (RocketMQ's tools: 5 s). */
    static final long TIMEOUT_MS = 5000;

    private final List<String> namesrvAddrs;
    private final PrintStream out;
    private final PrintStream err;
    private RemotingClient client;

    public AdminSession(List<String> namesrvAddrs, PrintStream out, PrintStream err) {
        this.namesrvAddrs = List.copyOf(namesrvAddrs);
        this.out = out;
        this.err = err;
    }

    public PrintStream out() {
        return out;
    }

    /** Where problems that do not fail the command go (e.g. one broker of a cluster not answering). */
    public PrintStream err() {
        return err;
    }

    /** The name servers, in the order given; fails when none was given. */
    public List<String> namesrvAddrs() throws UsageException {
        if (namesrvAddrs.isEmpty()) {
            throw new UsageException("No name server address: give -n host:port (';' between several) "
                    + "or set NAMESRV_ADDR");
        }
        return namesrvAddrs;
    }

    /** Sends to the first name server that answers; the response must have one of {@code accepted} codes. */
    public RemotingCommand namesrv(RemotingCommand request, int... accepted) throws UsageException, AdminException {
        AdminException last = null;
        for (String addr : namesrvAddrs()) {
            try {
                return call(addr, request, accepted);
            } catch (AdminException e) {
                if (e.code() >= 0) {
                    throw e;
                }
                last = e;
            }
        }
        throw last;
    }

    /** Sends to one address ("ip:port"); the response must have one of {@code accepted} codes (default 0). */
    public RemotingCommand call(String addr, RemotingCommand request, int... accepted) throws AdminException {
        RemotingCommand response;
        try {
            response = client().invokeSync(addr, copy(request), TIMEOUT_MS);
        } catch (RemotingException e) {
            throw new AdminException("request " + request.code() + " to " + addr + " failed: " + e.getMessage(), e);
        }
        int[] ok = accepted.length == 0 ? new int[] {ResponseCode.SUCCESS} : accepted;
        for (int code : ok) {
            if (response.code() == code) {
                return response;
            }
        }
        throw new AdminException(response.code(), "CODE: " + response.code() + "  DESC: " + response.remark()
                + " (request " + request.code() + " to " + addr + ")");
    }

    /** Each send needs a fresh command (the client assigns the opaque). */
    private static RemotingCommand copy(RemotingCommand request) {
        RemotingCommand c = RemotingCommand.request(request.code());
        if (request.extFields() != null) {
            request.extFields().forEach(c::put);
        }
        return c.body(request.body());
    }

    private synchronized RemotingClient client() {
        if (client == null) {
            client = Remoting.newClient(new ClientSettings(1, 3000, ClientSettings.defaults().maxFrameLength(),
                    120, ClientSettings.defaults().serializeType()));
        }
        return client;
    }

    /** Splits a {@code -n} value ({@code ;} or {@code ,} separated); every entry must be {@code host:port}. */
    public static List<String> splitAddrs(String value) throws UsageException {
        List<String> addrs = new ArrayList<>();
        if (value != null) {
            for (String a : value.split("[;,]")) {
                if (!a.isBlank()) {
                    addrs.add(checkAddr(a.trim(), "name server address"));
                }
            }
        }
        return addrs;
    }

    /** Checks {@code host:port}; returns it. */
    public static String checkAddr(String addr, String what) throws UsageException {
        int colon = addr.lastIndexOf(':');
        boolean ok = colon > 0 && colon < addr.length() - 1;
        if (ok) {
            try {
                int port = Integer.parseInt(addr.substring(colon + 1));
                ok = port > 0 && port < 65536;
            } catch (NumberFormatException e) {
                ok = false;
            }
        }
        if (!ok) {
            throw new UsageException("invalid " + what + " '" + addr + "': expected host:port");
        }
        return addr;
    }

    @Override
    public synchronized void close() {
        if (client != null) {
            client.close();
            client = null;
        }
    }
}
