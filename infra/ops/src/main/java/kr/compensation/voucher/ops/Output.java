package kr.compensation.voucher.ops;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.PrintStream;
import java.util.Locale;
import kr.compensation.voucher.ops.support.Progress;
import picocli.CommandLine.Option;

/** How a command reports: human text or JSON on stdout, progress on stderr. */
public final class Output {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    @Option(names = "--json", description = "Print the result as JSON on stdout instead of text (for scripts and "
            + "for archiving the figures).")
    boolean json;

    @Option(names = "--no-progress", description = "No progress bar on stderr. Without a terminal, progress is a "
            + "plain line every 10 seconds.")
    boolean noProgress;

    Progress.Mode progressMode(OpsEnvironment environment) {
        if (noProgress) {
            return Progress.Mode.OFF;
        }
        return environment.interactive() ? Progress.Mode.TERMINAL : Progress.Mode.PLAIN;
    }

    static void printJson(PrintStream out, Object value) {
        try {
            out.println(JSON.writeValueAsString(value));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot render the result as JSON", e);
        }
    }

    static String number(long value) {
        return String.format(Locale.ROOT, "%,d", value);
    }

    /** A count right-aligned in the column the human-readable reports line up. */
    static String column(long value) {
        return String.format(Locale.ROOT, "%,14d", value);
    }
}
