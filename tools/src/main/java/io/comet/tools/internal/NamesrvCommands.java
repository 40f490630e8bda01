package io.comet.tools.internal;

import static io.comet.tools.internal.Option.arg;

import io.comet.remoting.RequestCode;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** NameServer commands: updateKvConfig, deleteKvConfig, getNamesrvConfig, updateNamesrvConfig. */
final class NamesrvCommands {
    private NamesrvCommands() { }

    static List<AdminCommand> all() {
        return List.of(
                new AdminCommand("updateKvConfig", "Create or update KV config.", List.of(
                        arg("s", "namespace", true, "set the namespace"),
                        arg("k", "key", true, "set the key name"),
                        arg("v", "value", true, "set the key value")), (a, s) -> {
                            Requests.putKv(s, a.get("s"), a.get("k"), a.get("v"));
                            s.out().printf("create or update kv config to namespace success.%n");
                        }),
                new AdminCommand("deleteKvConfig", "Delete KV config.", List.of(
                        arg("s", "namespace", true, "set the namespace"),
                        arg("k", "key", true, "set the key name")), (a, s) -> {
                            Requests.deleteKv(s, a.get("s"), a.get("k"));
                            s.out().printf("delete kv config from namespace success.%n");
                        }),
                new AdminCommand("getNamesrvConfig", "Get configs of name server.", List.of(), (a, s) -> {
                    PrintStream out = s.out();
                    for (String addr : s.namesrvAddrs()) {
                        Map<String, String> config = Requests.config(s, addr, RequestCode.GET_NAMESRV_CONFIG);
                        out.printf("============%s============\n", addr);
                        config.forEach((k, v) -> out.printf("%-50s=  %s\n", k, v));
                    }
                }),
                new AdminCommand("updateNamesrvConfig", "Update configs of name server.", List.of(
                        arg("k", "key", true, "config key"),
                        arg("v", "value", true, "config value")), (a, s) -> {
                            Map<String, String> change = new LinkedHashMap<>();
                            change.put(a.get("k"), a.get("v"));
                            for (String addr : s.namesrvAddrs()) {
                                Requests.updateConfig(s, addr, RequestCode.UPDATE_NAMESRV_CONFIG, change);
                            }
                            s.out().printf("update name server config success!%s\n%s : %s\n", s.namesrvAddrs(),
                                    a.get("k"), a.get("v"));
                        }));
    }
}
