package io.comet.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CommandLineParserTest {

    private static CommandLine parse(String... args) throws UsageException {
        return CommandLineParser.parse(List.of(args));
    }

    private static String refused(String... args) {
        return assertThrows(UsageException.class, () -> parse(args)).getMessage();
    }

    @Test
    void roleAloneStartsWithDefaults() throws Exception {
        CommandLine cl = parse("namesrv");
        assertEquals(Role.NAMESRV, cl.role());
        assertEquals(Optional.empty(), cl.configFile());
        assertEquals(Optional.empty(), cl.namesrvAddr());
        assertFalse(cl.printConfig() || cl.help() || cl.console());
    }

    @Test
    void rocketMqBrokerCommandLineFromTheSeeds() throws Exception {
        CommandLine cl = parse("broker", "-c", "../conf/2m-2s-sync/broker-a.properties",
                "-n", "192.168.0.2:9876,192.168.0.3:9876");
        assertEquals(Role.BROKER, cl.role());
        assertEquals(Optional.of("../conf/2m-2s-sync/broker-a.properties"), cl.configFile());
        assertEquals(List.of("192.168.0.2:9876", "192.168.0.3:9876"), cl.namesrvAddrs());
        assertEquals(Optional.of("192.168.0.2:9876;192.168.0.3:9876"), cl.namesrvAddr());
    }

    @Test
    void semicolonListsKeepTheirOrderAndTrailingSeparatorsAreIgnored() throws Exception {
        CommandLine cl = parse("broker", "-n", "b:1;a:2; c:3 ;");
        assertEquals(Optional.of("b:1;a:2;c:3"), cl.namesrvAddr());
    }

    @Test
    void longAndAttachedFormsAreAccepted() throws Exception {
        CommandLine cl = parse("controller", "--configFile=/x/c.conf", "--namesrvAddr", "h:9876", "--console");
        assertEquals(Optional.of("/x/c.conf"), cl.configFile());
        assertEquals(Optional.of("h:9876"), cl.namesrvAddr());
        assertTrue(cl.console());
        CommandLine attached = parse("broker", "-cbroker.conf", "-nlocalhost:9876");
        assertEquals(Optional.of("broker.conf"), attached.configFile());
        assertEquals(Optional.of("localhost:9876"), attached.namesrvAddr());
        assertTrue(parse("namesrv", "--printConfigItem").printConfig());
        assertTrue(parse("namesrv", "-p").printConfig());
        assertTrue(parse("namesrv", "--help").help());
        assertTrue(parse("namesrv", "-h").help());
    }

    @Test
    void ipv6AddressesSplitOnTheLastColon() throws Exception {
        assertEquals(Optional.of("[::1]:9876"), parse("broker", "-n", "[::1]:9876").namesrvAddr());
    }

    @Test
    void missingRoleIsRefused() {
        assertTrue(refused().contains("missing role"));
    }

    @Test
    void unknownRoleIsNamed() {
        String msg = refused("proxy");
        assertTrue(msg.contains("'proxy'") && msg.contains("namesrv|broker|controller"), msg);
    }

    @Test
    void unknownOptionIsNamed() {
        assertTrue(refused("namesrv", "-x").contains("unknown option '-x'"));
        assertTrue(refused("namesrv", "--console=yes").contains("unknown option '--console=yes'"));
    }

    @Test
    void strayArgumentIsNamed() {
        assertTrue(refused("namesrv", "extra").contains("unexpected argument 'extra'"));
    }

    @Test
    void optionWithoutValueIsRefused() {
        assertTrue(refused("broker", "-c").contains("option -c needs a value"));
        assertTrue(refused("broker", "-c", "-n", "h:1").contains("option -c needs a value"));
        assertTrue(refused("broker", "-n").contains("option -n needs a value"));
        assertTrue(refused("broker", "--configFile=").contains("option -c needs a value"));
    }

    @Test
    void repeatedOptionsAreRefused() {
        assertTrue(refused("broker", "-c", "a", "-c", "b").contains("-c given twice"));
        assertTrue(refused("broker", "-n", "a:1", "-n", "b:2").contains("-n given twice"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"localhost", "localhost:", ":9876", "h:0", "h:65536", "h:98x6", "h:123456", "a b:1"})
    void badAddressIsNamed(String addr) {
        String msg = refused("broker", "-n", "ok:1;" + addr);
        assertTrue(msg.contains("'" + addr.trim() + "'") || msg.contains("'" + addr + "'"), msg);
        assertTrue(msg.contains("host:port"), msg);
    }

    @Test
    void emptyAddressListIsRefused() {
        assertTrue(refused("broker", "-n", ";;,").contains("no name server address"));
    }

    @Test
    void printAndConsoleExcludeEachOther() {
        assertTrue(refused("namesrv", "-p", "--console").contains("exclude each other"));
    }

    @Test
    void usageNamesTheRoleScriptAndItsDefaultFile() {
        String usage = CommandLineParser.usage(Role.BROKER);
        assertTrue(usage.startsWith("usage: bin/mqbroker "), usage);
        assertTrue(usage.contains("conf/broker.conf"), usage);
        for (String opt : List.of("-c,--configFile", "-n,--namesrvAddr", "-p,--printConfigItem", "-h,--help",
                "--console")) {
            assertTrue(usage.contains(opt), opt);
        }
    }
}
