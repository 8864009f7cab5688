package kr.compensation.voucher.reliability.personaldata;

import java.util.ArrayList;
import java.util.List;
import kr.compensation.voucher.reliability.reporting.Figures;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Fails a test class whose run wrote personal data to any log line or to standard output or error: every class of
 * the suite carries it, so together they cover every line the suite produces. Runs after the class's own
 * {@code @AfterAll} methods, so shutdown logging is scanned too.
 *
 * <p>A test can also scan a stretch of its own with {@link #assertClean(int, String)}.
 */
public final class LogScan implements BeforeAllCallback, AfterAllCallback {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(LogScan.class);
    private static final int SHOWN = 5;

    @Override
    public void beforeAll(ExtensionContext context) {
        SuiteLog.install();
        // From the first line not scanned yet: what was written between two classes is scanned by the later one.
        context.getStore(NAMESPACE).put("mark", SuiteLog.firstKept());
    }

    @Override
    public void afterAll(ExtensionContext context) {
        Integer mark = context.getStore(NAMESPACE).get("mark", Integer.class);
        int end = SuiteLog.mark();
        try {
            assertClean(mark == null ? 0 : mark, context.getRequiredTestClass().getSimpleName());
        } finally {
            // Classes run one after another: what this one wrote is scanned and need not be kept.
            SuiteLog.forgetUpTo(end);
        }
    }

    /** Throws if any line captured since {@code mark} carries personal data; the message masks the data. */
    public static void assertClean(int mark, String owner) {
        List<String> lines = SuiteLog.since(mark);
        // A minute of load logs a few hundred thousand lines: both cores scan.
        List<String> found = lines.parallelStream().filter(line -> !PersonalData.findings(line).isEmpty()).toList();
        int count = found.size();
        List<String> offending = new ArrayList<>();
        found.stream().limit(SHOWN).forEach(line -> offending.add(PersonalData.masked(line)));
        Figures.note("log lines scanned for personal data during " + owner, lines.size());
        if (count > 0) {
            throw new AssertionError(count + " of " + lines.size() + " log lines written during " + owner
                    + " carry personal data (shown masked):\n  " + String.join("\n  ", offending));
        }
    }
}
