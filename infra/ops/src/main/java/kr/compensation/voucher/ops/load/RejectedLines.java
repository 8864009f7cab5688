package kr.compensation.voucher.ops.load;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * The report of refused lines: a CSV of {@code line,reason}, never the line's content (it holds a customer id).
 * On resume it is cut back to the length recorded in the checkpoint, so each refused line is listed once however
 * often the load was interrupted.
 */
public final class RejectedLines implements AutoCloseable {

    static final String HEADER = "line,reason\n";
    /** How many refused lines the summary names; the file has them all. */
    static final int SAMPLE_SIZE = 10;

    private final BufferedWriter out;
    private long bytes;
    private final List<CustomerLine.Invalid> sample = new ArrayList<>();

    private RejectedLines(BufferedWriter out, long bytes) {
        this.out = out;
        this.bytes = bytes;
    }

    /** Opens the report, keeping its first {@code keepBytes} (0: a fresh report). */
    public static RejectedLines open(Path file, long keepBytes) {
        try {
            if (keepBytes <= 0 || !Files.exists(file) || Files.size(file) < keepBytes) {
                BufferedWriter writer = Files.newBufferedWriter(file, StandardCharsets.US_ASCII);
                writer.write(HEADER);
                return new RejectedLines(writer, HEADER.length());
            }
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
                channel.truncate(keepBytes);
            }
            return new RejectedLines(Files.newBufferedWriter(file, StandardCharsets.US_ASCII,
                    StandardOpenOption.APPEND), keepBytes);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the rejected-lines report " + file, e);
        }
    }

    /** Discards everything; for dry runs that only count. */
    public static RejectedLines none() {
        return new RejectedLines(null, 0);
    }

    public void record(CustomerLine.Invalid line) {
        if (sample.size() < SAMPLE_SIZE) {
            sample.add(line);
        }
        if (out == null) {
            return;
        }
        String entry = line.lineNumber() + "," + line.reason().name() + "\n";
        try {
            out.write(entry);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the rejected-lines report", e);
        }
        bytes += entry.length();
    }

    /** Bytes written so far (ASCII: one byte per character). */
    public long bytes() {
        return bytes;
    }

    /** The first refused lines seen in this run. */
    public List<CustomerLine.Invalid> sample() {
        return List.copyOf(sample);
    }

    /** Called before a checkpoint claims the report holds every refused line up to its line. */
    public void flush() {
        if (out == null) {
            return;
        }
        try {
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the rejected-lines report", e);
        }
    }

    @Override
    public void close() {
        if (out == null) {
            return;
        }
        try {
            out.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close the rejected-lines report", e);
        }
    }
}
