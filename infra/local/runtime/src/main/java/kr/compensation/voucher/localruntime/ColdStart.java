package kr.compensation.voucher.localruntime;

import java.time.Duration;

/**
 * A first request as Lambda's REPORT line counts it, for a function initialised on that request (no SnapStart):
 * {@code init} from the invocation's arrival until the runtime client asked for it (the emulator starts the runtime
 * on arrival), {@code duration} from then until the answer (AWS Lambda Developer Guide, "Lambda function logs":
 * Init Duration and Duration of the REPORT line, https://docs.aws.amazon.com/lambda/latest/dg/monitoring-logs.html).
 */
public record ColdStart(Duration init, Duration duration) {
}
