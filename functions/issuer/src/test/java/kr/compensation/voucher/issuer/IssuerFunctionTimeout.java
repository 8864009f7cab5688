package kr.compensation.voucher.issuer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * IssuerFunction's {@code Timeout} as template.yaml declares it, so the deadline test runs against the deployed limit
 * rather than a number of its own. Read from the resource's own block (two-space resource keys, as the template is
 * written); a template without it fails the test instead of guessing.
 */
final class IssuerFunctionTimeout {

    private static final Pattern TIMEOUT = Pattern.compile("^ {6}Timeout: (\\d+)\\s*$");

    private IssuerFunctionTimeout() {
    }

    static Duration fromTemplate() {
        List<String> lines = read(template());
        boolean inIssuer = false;
        for (String line : lines) {
            if (line.matches("^ {2}\\S.*:\\s*$")) {
                inIssuer = line.equals("  IssuerFunction:");
            } else if (inIssuer) {
                Matcher m = TIMEOUT.matcher(line);
                if (m.matches()) {
                    return Duration.ofSeconds(Long.parseLong(m.group(1)));
                }
            }
        }
        throw new IllegalStateException("template.yaml declares no Timeout for IssuerFunction");
    }

    private static Path template() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("template.yaml"))) {
                return dir.resolve("template.yaml");
            }
        }
        throw new IllegalStateException("no template.yaml above " + Path.of("").toAbsolutePath());
    }

    private static List<String> read(Path path) {
        try {
            return Files.readAllLines(path);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
