package io.comet.tools.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Argument parsing, usage text and the launcher's exit codes, without any server. */
@Timeout(30)
class CommandLineTest {
    private static final List<Option> OPTIONS = List.of(Option.arg("t", "topic", true, "topic name"),
            Option.arg("r", "readQueueNums", false, "set read queue nums"), Option.flag("l", "list", "list format"));

    @Test
    void parsesShortLongAttachedAndEqualsForms() throws Exception {
        ParsedArgs a = ArgParser.parse(OPTIONS, new String[] {"-t", "T1", "--readQueueNums", "4", "-l"});
        assertEquals("T1", a.get("t"));
        assertEquals(4, a.intValue("r", 8));
        assertTrue(a.has("l"));
        ParsedArgs b = ArgParser.parse(OPTIONS, new String[] {"-tT2", "--readQueueNums=-3"});
        assertEquals("T2", b.get("t"));
        assertEquals(-3, b.intValue("r", 8), "a negative number is a value, not an option");
        assertFalse(b.has("l"));
        assertEquals(8, ArgParser.parse(OPTIONS, new String[] {"-t", "x"}).intValue("r", 8), "default applies");
    }

    @Test
    void refusesWrongCommandLinesNamingTheProblem() {
        assertEquals("Missing required option: t",
                assertThrows(UsageException.class, () -> ArgParser.parse(OPTIONS, new String[] {"-l"})).getMessage());
        assertEquals("Unrecognized option: -x",
                assertThrows(UsageException.class, () -> ArgParser.parse(OPTIONS, new String[] {"-t", "a", "-x"}))
                        .getMessage());
        assertEquals("Missing argument for option: t",
                assertThrows(UsageException.class, () -> ArgParser.parse(OPTIONS, new String[] {"-t"})).getMessage());
        assertEquals("Missing argument for option: t",
                assertThrows(UsageException.class, () -> ArgParser.parse(OPTIONS, new String[] {"-t", "-l"}))
                        .getMessage());
        assertEquals("Unexpected argument: extra",
                assertThrows(UsageException.class, () -> ArgParser.parse(OPTIONS, new String[] {"-t", "a", "extra"}))
                        .getMessage());
        UsageException nan = assertThrows(UsageException.class,
                () -> ArgParser.parse(OPTIONS, new String[] {"-t", "a", "-r", "four"}).intValue("r", 8));
        assertEquals("option -r must be a whole number, not 'four'", nan.getMessage());
    }

    @Test
    void usageListsOptionsSortedWithOptionalOnesInBrackets() {
        AdminCommand c = new AdminCommand("topicRoute", "Examine topic route info.", OPTIONS, (a, s) -> { });
        assertEquals(String.join("\n",
                "usage: mqadmin topicRoute [-h] [-l] [-n <arg>] [-r <arg>] -t <arg>",
                " -h,--help                  Print help",
                " -l,--list                  list format",
                " -n,--namesrvAddr <arg>     Name server address list, eg: '192.168.0.1:9876;192.168.0.2:9876'",
                " -r,--readQueueNums <arg>   set read queue nums",
                " -t,--topic <arg>           topic name", ""), c.usage());
    }

    @Test
    void helpPrintsUsageOnStdoutAndExitsZero() {
        AdminRun help = AdminRun.of("updateTopic", "-h");
        assertEquals(0, help.exit(), help.toString());
        assertTrue(help.out().startsWith("usage: mqadmin updateTopic [-a <arg>] [-b <arg>] [-c <arg>] [-h]"),
                help.toString());
        assertTrue(help.out().contains(" -t,--topic <arg> "), help.out());
        assertEquals("", help.err());
        assertEquals(help.out(), AdminRun.of("help", "updateTopic").out(), "mqadmin help <command> is the same");
        assertEquals(help.out(), AdminRun.of("updateTopic", "--help").out());

        AdminRun list = AdminRun.of("help");
        assertEquals(0, list.exit());
        assertTrue(list.out().startsWith("The most commonly used mqadmin commands are:\n"), list.out());
        for (String name : List.of("clusterList", "topicList", "topicRoute", "updateKvConfig", "deleteKvConfig",
                "getNamesrvConfig", "updateNamesrvConfig", "updateTopic", "deleteTopic", "topicStatus",
                "brokerStatus", "getBrokerConfig", "updateBrokerConfig", "consumerProgress", "consumerConnection",
                "producerConnection", "queryMsgById", "queryMsgByKey", "queryMsgByOffset", "updateSubGroup",
                "deleteSubGroup", "resetOffsetByTime", "clusterRT", "sendMessage", "consumeMessage", "brokerMode")) {
            assertTrue(list.out().contains(String.format("   %-35s ", name)), "listed: " + name);
            assertEquals(0, AdminRun.of(name, "-h").exit(), name + " -h");
        }
        assertEquals(0, AdminRun.of("clusterSendMsgRT", "-h").exit(), "alias of clusterRT");
    }

    @Test
    void wrongArgumentsGiveTheProblemAndUsageOnStderrWithExit2() {
        AdminRun missing = AdminRun.of(Map.of("NAMESRV_ADDR", "127.0.0.1:9"), "topicRoute");
        assertEquals(2, missing.exit());
        assertEquals("", missing.out());
        assertTrue(missing.err().startsWith("Missing required option: t\nusage: mqadmin topicRoute"), missing.err());

        AdminRun unknown = AdminRun.of("noSuchCommand");
        assertEquals(2, unknown.exit());
        assertTrue(unknown.err().startsWith("The sub command noSuchCommand not exist.\n"), unknown.err());

        AdminRun none = AdminRun.of();
        assertEquals(2, none.exit());
        assertTrue(none.err().contains("The most commonly used mqadmin commands are:"));

        AdminRun badAddr = AdminRun.of("topicList", "-n", "localhost");
        assertEquals(2, badAddr.exit());
        assertTrue(badAddr.err().startsWith("invalid name server address 'localhost': expected host:port"),
                badAddr.err());

        AdminRun noNamesrv = AdminRun.of(Map.of(), "topicList");
        assertEquals(2, noNamesrv.exit());
        assertTrue(noNamesrv.err().startsWith("No name server address: give -n host:port"), noNamesrv.err());

        AdminRun badRole = AdminRun.of(Map.of("NAMESRV_ADDR", "127.0.0.1:9"), "brokerMode", "-b", "127.0.0.1:9",
                "-r", "LEADER");
        assertEquals(2, badRole.exit());
        assertTrue(badRole.err().startsWith("option -r must be one of ASYNC_MASTER, SYNC_MASTER, SLAVE, not 'LEADER'"),
                badRole.err());

        AdminRun badPerm = AdminRun.of(Map.of("NAMESRV_ADDR", "127.0.0.1:9"), "updateTopic", "-b", "127.0.0.1:9",
                "-t", "T", "-p", "9");
        assertEquals(2, badPerm.exit(), badPerm.toString());
        AdminRun noTarget = AdminRun.of(Map.of("NAMESRV_ADDR", "127.0.0.1:9"), "updateTopic", "-t", "T");
        assertEquals(2, noTarget.exit());
        assertTrue(noTarget.err().startsWith("updateTopic needs -b brokerAddr or -c clusterName"), noTarget.err());
    }

    @Test
    void anUnreachableNameServerFailsWithExit1() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        AdminRun r = AdminRun.of("topicList", "-n", "127.0.0.1:" + port);
        assertEquals(1, r.exit(), r.toString());
        assertTrue(r.err().startsWith("topicList command failed: request 206 to 127.0.0.1:" + port + " failed"),
                r.err());
    }
}
