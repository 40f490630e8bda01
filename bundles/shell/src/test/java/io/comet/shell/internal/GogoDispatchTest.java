package io.comet.shell.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.lang.reflect.Field;
import java.util.List;
import java.util.Map;
import org.apache.felix.gogo.runtime.CommandProcessorImpl;
import org.apache.felix.gogo.runtime.threadio.ThreadIOImpl;
import org.apache.felix.service.command.CommandSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The commands as Gogo calls them: words typed by a user, dispatched to {@code config(String...)}. */
@Timeout(30)
class GogoDispatchTest {
    private final FakeConfigService service = new FakeConfigService()
            .with("comet.broker", "listenPort", "10911")
            .with("comet.flush", "flushDiskType", "ASYNC_FLUSH");
    private ThreadIOImpl threadIo;
    private CommandSession session;

    @BeforeEach
    void start() throws Exception {
        MqCommands commands = new MqCommands();
        Field f = MqCommands.class.getDeclaredField("configService");
        f.setAccessible(true);
        f.set(commands, service); // what DS does for the reference
        threadIo = new ThreadIOImpl();
        threadIo.start();
        CommandProcessorImpl processor = new CommandProcessorImpl(threadIo);
        processor.addCommand("mq", commands, "config");
        session = processor.createSession(new ByteArrayInputStream(new byte[0]), new ByteArrayOutputStream(),
                new ByteArrayOutputStream());
    }

    @AfterEach
    void stop() {
        session.close();
        threadIo.stop();
    }

    @Test
    void noArgumentsReachesTheListing() throws Exception {
        String out = (String) session.execute("mq:config");
        assertEquals(true, out.startsWith("KEY"), out);
    }

    @Test
    void wordsArePassedAsTyped() throws Exception {
        assertEquals("listenPort=10911  (comet.broker)", session.execute("mq:config get listenPort"));
        assertEquals("updated listenPort=10920 flushDiskType=SYNC_FLUSH",
                session.execute("mq:config set listenPort 10920 flushDiskType SYNC_FLUSH"));
        assertEquals(List.of(Map.of("listenPort", "10920", "flushDiskType", "SYNC_FLUSH")), service.updates);
        assertEquals("unknown sub-command 'bogus'\n" + ConfigCommand.USAGE, session.execute("mq:config bogus"));
    }

    @Test
    void quotedValuesWithSeparatorsStayOneArgument() throws Exception {
        service.with("comet.broker", "namesrvAddr", "");
        session.execute("mq:config set namesrvAddr '127.0.0.1:9876;127.0.0.2:9876'");
        assertEquals("127.0.0.1:9876;127.0.0.2:9876", service.current().get("namesrvAddr"));
    }
}
