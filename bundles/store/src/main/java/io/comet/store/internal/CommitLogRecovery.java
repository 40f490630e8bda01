package io.comet.store.internal;

import io.comet.common.MessageCodec;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds where the valid commit log ends after a start and cuts everything after it.
 *
 * <p>Where the scan starts: after a clean stop, the third file from the end (as RocketMQ 5.3); after a crash
 * ({@code abort} present), the newest file whose first entry was stored at or before the checkpoint's safe time
 * (min of the flushed commit-log, consume-queue and index times, minus 3 s), since everything before it is known
 * to be on disk. From there entries are checked one after another: TOTALSIZE, magic, field lengths adding up,
 * PHYSICALOFFSET equal to the entry's position and, when {@code checkCRCOnRecover}, the body CRC. An
 * end-of-file filler moves on to the next file. The first entry that fails ends the valid data: the rest of that
 * file is zeroed and later files are deleted, so a torn or damaged tail is never served.
 */
final class CommitLogRecovery {
    private static final Logger LOG = LoggerFactory.getLogger(CommitLogRecovery.class);

    private CommitLogRecovery() {}

    /**
     * Recovers {@code log} (its files loaded) and returns the end of valid data.
     *
     * @param crashed whether the last run did not stop cleanly
     * @param safeTimestamp entries stored at or before this time are known to be on disk (crash case)
     */
    static long recover(CommitLog log, boolean crashed, long safeTimestamp, boolean checkCrc) {
        MappedFileQueue q = log.files();
        List<MappedFile> files = q.files();
        if (files.isEmpty()) {
            log.recovered(0);
            return 0;
        }
        int start = crashed ? safeStart(files, safeTimestamp) : Math.max(0, files.size() - 3);
        long end = scan(files, start, q.fileSize(), checkCrc);
        long oldEnd = q.maxOffset();
        q.truncateTo(end);
        log.recovered(end);
        if (end < oldEnd || crashed) {
            LOG.info("commit log recovered {} run: valid data ends at {} (scanned from file {})",
                    crashed ? "after an abnormal" : "after a normal", end, files.get(start));
        }
        return end;
    }

    private static int safeStart(List<MappedFile> files, long safeTimestamp) {
        for (int i = files.size() - 1; i >= 0; i--) {
            MappedFile f = files.get(i);
            int r = MessageCodec.check(f.buffer(), 0, f.size(), f.fromOffset(), false);
            if (r > 0) {
                int sysFlag = f.buffer().getInt(MessageCodec.POS_SYS_FLAG);
                long ts = f.buffer().getLong(MessageCodec.storeTimestampPosition(sysFlag));
                if (ts <= safeTimestamp) {
                    return i;
                }
            }
        }
        return 0;
    }

    private static long scan(List<MappedFile> files, int start, int fileSize, boolean checkCrc) {
        for (int i = start; i < files.size(); i++) {
            MappedFile f = files.get(i);
            int pos = 0;
            while (true) {
                int r = MessageCodec.check(f.buffer(), pos, fileSize, f.fromOffset() + pos, checkCrc);
                if (r > 0) {
                    pos += r;
                } else if (r == MessageCodec.CHECK_BLANK) {
                    pos = fileSize;
                    break;
                } else {
                    return f.fromOffset() + pos;
                }
            }
            f.wrotePosition(pos);
        }
        MappedFile last = files.get(files.size() - 1);
        return last.fromOffset() + fileSize;
    }
}
