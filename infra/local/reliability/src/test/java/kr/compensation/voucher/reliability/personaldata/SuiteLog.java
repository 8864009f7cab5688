package kr.compensation.voucher.reliability.personaldata;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Every line the suite's code writes: each logback event as the functions' production encoder renders it (fed by
 * {@link CapturingAppender}), and everything printed on standard output and error, where Lambda's logs and the
 * issuer's embedded-metric lines go. Scanned for personal data by {@link LogScan}.
 *
 * <p>Standard output and error are teed, not replaced: what the build shows is unchanged.
 */
public final class SuiteLog {

    private static final Object LOCK = new Object();
    private static final List<String> LINES = new ArrayList<>();
    /** Lines let go of by {@link #forgetUpTo(int)}; positions keep counting from the first line ever captured. */
    private static int forgotten;
    private static boolean teeInstalled;

    private SuiteLog() {
    }

    /** Tees System.out and System.err into the capture; call before building anything that keeps those streams. */
    public static void install() {
        synchronized (LOCK) {
            if (teeInstalled) {
                return;
            }
            System.setOut(tee(System.out, "stdout"));
            System.setErr(tee(System.err, "stderr"));
            teeInstalled = true;
        }
    }

    static void append(String line) {
        synchronized (LOCK) {
            LINES.add(line);
        }
    }

    /** A position in the capture; {@link #since(int)} returns what came after it. */
    public static int mark() {
        synchronized (LOCK) {
            return forgotten + LINES.size();
        }
    }

    /** The position of the oldest line still kept: everything before it was scanned. */
    public static int firstKept() {
        synchronized (LOCK) {
            return forgotten;
        }
    }

    public static List<String> since(int mark) {
        synchronized (LOCK) {
            if (mark < forgotten) {
                throw new IllegalStateException("lines before position " + forgotten + " were already scanned and "
                        + "let go of");
            }
            return List.copyOf(LINES.subList(Math.min(mark - forgotten, LINES.size()), LINES.size()));
        }
    }

    /**
     * Lets go of the lines before {@code position} once they are scanned: a minute of load is half a million lines,
     * which need not stay in memory for the rest of the suite.
     */
    public static void forgetUpTo(int position) {
        synchronized (LOCK) {
            int count = Math.min(position - forgotten, LINES.size());
            if (count > 0) {
                LINES.subList(0, count).clear();
                forgotten += count;
            }
        }
    }

    private static PrintStream tee(PrintStream original, String name) {
        OutputStream splitter = new OutputStream() {
            private final ByteArrayOutputStream pending = new ByteArrayOutputStream();

            @Override
            public synchronized void write(int b) {
                original.write(b);
                collect(b);
            }

            @Override
            public synchronized void write(byte[] bytes, int offset, int length) {
                original.write(bytes, offset, length);
                for (int i = offset; i < offset + length; i++) {
                    collect(bytes[i]);
                }
            }

            @Override
            public synchronized void flush() {
                original.flush();
            }

            private void collect(int b) {
                if (b == '\n') {
                    append(name + ": " + pending.toString(StandardCharsets.UTF_8));
                    pending.reset();
                } else {
                    pending.write(b);
                }
            }
        };
        return new PrintStream(splitter, true, StandardCharsets.UTF_8);
    }
}
