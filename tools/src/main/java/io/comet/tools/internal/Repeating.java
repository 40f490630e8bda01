package io.comet.tools.internal;

/**
 * The {@code -i interval} loop of RocketMQ's monitoring commands (clusterList, haStatus, clusterRT): run once, then
 * again every {@code interval} seconds until the process is stopped (or the thread interrupted).
 */
final class Repeating {
    /** One round of a command. */
    @FunctionalInterface
    interface Round {
        void run() throws UsageException, AdminException;
    }

    private Repeating() { }

    /** The value of option {@code -option}: -1 when absent; a usage error unless a positive number of seconds. */
    static long interval(ParsedArgs a, String option) throws UsageException {
        long interval = a.longValue(option, -1);
        if (a.has(option) && interval <= 0) {
            throw new UsageException("option -" + option + " must be a positive number of seconds, not '"
                    + a.get(option) + "'");
        }
        return interval;
    }

    /** Runs {@code round} once, or forever every {@code intervalSeconds} when positive. */
    static void run(long intervalSeconds, Round round) throws UsageException, AdminException {
        while (true) {
            round.run();
            if (intervalSeconds <= 0) {
                return;
            }
            try {
                Thread.sleep(intervalSeconds * 1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
