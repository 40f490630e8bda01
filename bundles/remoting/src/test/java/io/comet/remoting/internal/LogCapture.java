package io.comet.remoting.internal;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.slf4j.LoggerFactory;

/** Collects the log lines of one logger while open; optionally keeps them off the console. */
final class LogCapture extends AppenderBase<ILoggingEvent> implements AutoCloseable {
    private final List<ILoggingEvent> events = new CopyOnWriteArrayList<>();
    private final Logger logger;
    private final boolean wasAdditive;

    LogCapture(Class<?> source, boolean quiet) {
        logger = (Logger) LoggerFactory.getLogger(source);
        wasAdditive = logger.isAdditive();
        if (quiet) {
            logger.setAdditive(false);
        }
        start();
        logger.addAppender(this);
    }

    @Override
    protected void append(ILoggingEvent e) {
        events.add(e);
    }

    List<String> lines(Level level) {
        return events.stream().filter(e -> e.getLevel() == level).map(ILoggingEvent::getFormattedMessage)
                .collect(Collectors.toList());
    }

    @Override
    public void close() {
        logger.detachAppender(this);
        logger.setAdditive(wasAdditive);
        stop();
    }
}
