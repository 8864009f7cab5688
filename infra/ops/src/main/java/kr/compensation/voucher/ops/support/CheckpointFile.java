package kr.compensation.voucher.ops.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A small {@code key=value} file that records how far a long job got. It is replaced atomically (write a temporary
 * file, force it to disk, rename over the old one), so a crash at any moment leaves either the previous checkpoint or
 * the new one, never a torn mix that would make a resumed run skip lines it never wrote.
 */
public final class CheckpointFile {

    private static final String MAGIC = "# voucher-ops checkpoint v1";

    private CheckpointFile() {
    }

    public static void write(Path file, Map<String, String> values) {
        StringBuilder text = new StringBuilder(256).append(MAGIC).append('\n');
        values.forEach((key, value) -> {
            if (key.indexOf('=') >= 0 || key.indexOf('\n') >= 0 || value.indexOf('\n') >= 0) {
                throw new IllegalArgumentException("checkpoint keys and values are single-line, keys without '='");
            }
            text.append(key).append('=').append(value).append('\n');
        });
        Path absolute = file.toAbsolutePath();
        Path temporary = absolute.resolveSibling(absolute.getFileName() + ".tmp");
        try {
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.CREATE,
                    StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
                ByteBuffer bytes = ByteBuffer.wrap(text.toString().getBytes(StandardCharsets.UTF_8));
                while (bytes.hasRemaining()) {
                    channel.write(bytes);
                }
                channel.force(true);
            }
            try {
                Files.move(temporary, absolute, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, absolute, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write checkpoint " + file, e);
        }
    }

    /** Empty when there is no checkpoint; an unreadable or foreign file is an error, never silently ignored. */
    public static Optional<Map<String, String>> read(Path file) {
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        Map<String, String> values = new LinkedHashMap<>();
        try {
            var lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            if (lines.isEmpty() || !MAGIC.equals(lines.get(0))) {
                throw new IllegalStateException(file + " is not a voucher-ops checkpoint");
            }
            for (String line : lines.subList(1, lines.size())) {
                if (line.isEmpty() || line.startsWith("#")) {
                    continue;
                }
                int eq = line.indexOf('=');
                if (eq <= 0) {
                    throw new IllegalStateException(file + " has a malformed line");
                }
                values.put(line.substring(0, eq), line.substring(eq + 1));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read checkpoint " + file, e);
        }
        return Optional.of(values);
    }

    public static void delete(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete checkpoint " + file, e);
        }
    }

    public static long number(Map<String, String> values, String key) {
        String value = values.get(key);
        if (value == null) {
            throw new IllegalStateException("checkpoint lacks " + key);
        }
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new IllegalStateException("checkpoint value of " + key + " is not a number", e);
        }
    }
}
