package kr.compensation.voucher.adapters.aws;

import kr.compensation.voucher.domain.TransientFailure;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.awscore.exception.AwsServiceException;

/** Sorts SDK failures into "try again later" (throttling, 5xx, timeouts, I/O) and everything else (a bug or misconfiguration). */
public final class AwsFailures {

    private AwsFailures() {
    }

    public static RuntimeException translate(String operation, SdkException e) {
        if (isTransient(e)) {
            return new TransientFailure(operation + " failed transiently: " + e.getClass().getSimpleName(), e);
        }
        return new IllegalStateException(operation + " failed: " + e.getMessage(), e);
    }

    public static boolean isTransient(SdkException e) {
        if (e instanceof SdkClientException) {
            // Timeouts, refused connections, reset streams: the request may or may not have reached the service.
            return true;
        }
        if (e instanceof AwsServiceException service) {
            if (service.isThrottlingException() || service.statusCode() >= 500) {
                return true;
            }
            String code = service.awsErrorDetails() != null ? service.awsErrorDetails().errorCode() : null;
            return "ProvisionedThroughputExceededException".equals(code)
                    || "RequestLimitExceeded".equals(code)
                    || "ThrottlingException".equals(code)
                    || "TransactionConflictException".equals(code);
        }
        return e.retryable();
    }
}
