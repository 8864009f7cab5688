package kr.compensation.voucher.adapters.logging;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.StackTraceElementProxy;
import ch.qos.logback.core.encoder.EncoderBase;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;

/**
 * One JSON object per log line, which CloudWatch Logs Insights queries by field: time, level, logger, message, the
 * request id and the other MDC entries, and the error. Messages are written by our code, which never logs customer
 * ids, names, phone numbers or tokens; this encoder adds nothing from requests on its own.
 */
public final class JsonLineEncoder extends EncoderBase<ILoggingEvent> {

    private static final byte[] EMPTY = new byte[0];
    private static final int MAX_FRAMES = 20;

    @Override
    public byte[] headerBytes() {
        return EMPTY;
    }

    @Override
    public byte[] footerBytes() {
        return EMPTY;
    }

    @Override
    public byte[] encode(ILoggingEvent event) {
        StringBuilder out = new StringBuilder(256);
        out.append("{\"time\":\"").append(Instant.ofEpochMilli(event.getTimeStamp())).append('"');
        field(out, "level", event.getLevel().toString());
        field(out, "logger", event.getLoggerName());
        field(out, "message", event.getFormattedMessage());
        Map<String, String> mdc = event.getMDCPropertyMap();
        if (mdc != null) {
            for (Map.Entry<String, String> entry : mdc.entrySet()) {
                // micronaut-function-aws puts the Lambda request id under AWSRequestId; one name is easier to query.
                String name = "AWSRequestId".equals(entry.getKey()) ? "requestId" : entry.getKey();
                field(out, name, entry.getValue());
            }
        }
        IThrowableProxy error = event.getThrowableProxy();
        if (error != null) {
            field(out, "errorType", error.getClassName());
            field(out, "errorMessage", error.getMessage());
            StackTraceElementProxy[] frames = error.getStackTraceElementProxyArray();
            StringBuilder stack = new StringBuilder();
            for (int i = 0; i < Math.min(frames.length, MAX_FRAMES); i++) {
                stack.append(frames[i].getSTEAsString()).append('\n');
            }
            field(out, "stack", stack.toString());
        }
        out.append("}\n");
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void field(StringBuilder out, String name, String value) {
        if (value == null) {
            return;
        }
        out.append(",\"");
        JsonStringEncoder.getInstance().quoteAsString(name, out);
        out.append("\":\"");
        JsonStringEncoder.getInstance().quoteAsString(value, out);
        out.append('"');
    }
}
