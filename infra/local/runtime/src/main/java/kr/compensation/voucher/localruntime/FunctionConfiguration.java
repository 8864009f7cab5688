package kr.compensation.voucher.localruntime;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * One function's Lambda settings, as template.yaml gives them (see {@link SamTemplate#function}).
 *
 * @param logicalId   the template's name of the function; also its name here (Lambda's would be stack-prefixed)
 * @param handler     the {@code Handler} property, handed to the runtime interface client unchanged
 * @param environment the function's own variables, references resolved to the local world's values
 * @param snapStart   {@code SnapStart.ApplyOn: PublishedVersions}: init type snap-start and container credentials
 * @param logFormat   {@code LoggingConfig.LogFormat}: Text or JSON
 */
public record FunctionConfiguration(String logicalId, String handler, String runtime, int memorySizeMb,
                                    Duration timeout, Map<String, String> environment, boolean snapStart,
                                    String logFormat) {

    public FunctionConfiguration {
        Objects.requireNonNull(logicalId, "logicalId");
        Objects.requireNonNull(handler, "handler");
        Objects.requireNonNull(runtime, "runtime");
        Objects.requireNonNull(timeout, "timeout");
        environment = Map.copyOf(environment);
        if (memorySizeMb < 128 || timeout.isZero() || timeout.isNegative()) {
            throw new IllegalArgumentException(logicalId + ": MemorySize must be at least 128 and Timeout positive");
        }
    }

    public FunctionConfiguration withEnvironment(Map<String, String> more) {
        Map<String, String> merged = new java.util.LinkedHashMap<>(environment);
        merged.putAll(more);
        return new FunctionConfiguration(logicalId, handler, runtime, memorySizeMb, timeout, merged, snapStart,
                logFormat);
    }

    /** The same function initialised on its first request instead (for measuring a cold start as Lambda has it). */
    public FunctionConfiguration withSnapStart(boolean on) {
        return new FunctionConfiguration(logicalId, handler, runtime, memorySizeMb, timeout, environment, on,
                logFormat);
    }

    public FunctionConfiguration withTimeout(Duration newTimeout) {
        return new FunctionConfiguration(logicalId, handler, runtime, memorySizeMb, newTimeout, environment,
                snapStart, logFormat);
    }
}
