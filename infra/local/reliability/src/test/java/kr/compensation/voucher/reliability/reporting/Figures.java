package kr.compensation.voucher.reliability.reporting;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;

/**
 * The figures behind docs/reliability.md: each test appends what it tried and measured to
 * {@code target/reliability-figures.txt} (and prints it). Figures, not assertions: timings vary by machine.
 */
public final class Figures {

    private static final Path FILE = Path.of("target", "reliability-figures.txt");

    private Figures() {
    }

    public static void note(String what, Object value) {
        String line = Instant.now() + "  " + what + ": " + value + System.lineSeparator();
        System.out.print("figure: " + what + ": " + value + System.lineSeparator());
        try {
            Files.createDirectories(FILE.getParent());
            Files.writeString(FILE, line, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
