package kr.compensation.voucher.reliability.personaldata;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import java.nio.charset.StandardCharsets;
import kr.compensation.voucher.adapters.logging.JsonLineEncoder;

/**
 * Hands every logging event to {@link SuiteLog}, rendered by the encoder the functions use in Lambda, so the scan
 * sees message, MDC and error text exactly as CloudWatch would. Configured in logback-test.xml.
 */
public final class CapturingAppender extends AppenderBase<ILoggingEvent> {

    private final JsonLineEncoder encoder = new JsonLineEncoder();

    @Override
    public void start() {
        encoder.setContext(getContext());
        encoder.start();
        super.start();
    }

    @Override
    protected void append(ILoggingEvent event) {
        String line = new String(encoder.encode(event), StandardCharsets.UTF_8);
        SuiteLog.append(line.endsWith("\n") ? line.substring(0, line.length() - 1) : line);
    }
}
