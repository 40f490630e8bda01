package io.comet.store.internal;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;

/** Measures how full the partition holding a folder is; injected so tests can fake disk pressure. */
@FunctionalInterface
interface DiskUsageProbe {
    /** Used fraction (0..1) of the partition holding {@code dir}; -1 when it cannot be measured. */
    double usedRatio(Path dir);

    /** The real file system's figures. */
    DiskUsageProbe FILE_SYSTEM = dir -> {
        try {
            Path p = dir;
            while (p != null && !Files.exists(p)) {
                p = p.getParent();
            }
            if (p == null) {
                return -1;
            }
            FileStore fs = Files.getFileStore(p);
            long total = fs.getTotalSpace();
            return total <= 0 ? -1 : (double) (total - fs.getUsableSpace()) / total;
        } catch (IOException e) {
            return -1;
        }
    };
}
