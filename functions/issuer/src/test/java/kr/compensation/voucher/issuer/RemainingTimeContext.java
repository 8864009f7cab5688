package kr.compensation.voucher.issuer;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import java.util.function.IntSupplier;

/**
 * A Lambda context double whose remaining time is whatever the test says, e.g. computed from the work done so far, so
 * a test states exactly how the clock runs down without waiting for it.
 */
final class RemainingTimeContext implements Context {

    private final IntSupplier remainingMillis;

    RemainingTimeContext(IntSupplier remainingMillis) {
        this.remainingMillis = remainingMillis;
    }

    static RemainingTimeContext fixed(int remainingMillis) {
        return new RemainingTimeContext(() -> remainingMillis);
    }

    @Override
    public int getRemainingTimeInMillis() {
        return remainingMillis.getAsInt();
    }

    @Override
    public String getAwsRequestId() {
        return "test-request";
    }

    @Override
    public String getLogGroupName() {
        return "/aws/lambda/issuer";
    }

    @Override
    public String getLogStreamName() {
        return "test";
    }

    @Override
    public String getFunctionName() {
        return "issuer";
    }

    @Override
    public String getFunctionVersion() {
        return "1";
    }

    @Override
    public String getInvokedFunctionArn() {
        return "arn:aws:lambda:ap-northeast-2:000000000000:function:issuer:live";
    }

    @Override
    public CognitoIdentity getIdentity() {
        return null;
    }

    @Override
    public ClientContext getClientContext() {
        return null;
    }

    @Override
    public int getMemoryLimitInMB() {
        return 1024;
    }

    @Override
    public LambdaLogger getLogger() {
        return new LambdaLogger() {
            @Override
            public void log(String message) {
                // Tests read the JSON logs, not Lambda's logger.
            }

            @Override
            public void log(byte[] message) {
                // As above.
            }
        };
    }
}
