package kr.compensation.voucher.ops;

import picocli.CommandLine.Option;

/** How a command reads the whole table: a parallel scan in segments, some of them at once. */
public final class ScanOptions {

    /** Threads by default: one per segment, but no more than this. */
    static final int MAX_DEFAULT_THREADS = 16;

    @Option(names = "--segments", paramLabel = "N", defaultValue = "8",
            description = "Parallel scan segments. Default: ${DEFAULT-VALUE}.")
    int segments;

    @Option(names = "--threads", paramLabel = "N",
            description = "Segments scanned at once. Default: the number of segments, at most "
                    + MAX_DEFAULT_THREADS + ".")
    Integer threads;

    int segments() {
        return segments;
    }

    int threads() {
        return threads != null ? threads : Math.min(segments, MAX_DEFAULT_THREADS);
    }
}
