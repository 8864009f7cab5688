package kr.compensation.voucher.lookup;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;

/**
 * Run in a separate JVM by {@link LambdaEnvironmentIT}: starts the handler exactly as the Lambda runtime does (no-arg
 * constructor, configuration from environment variables only) and answers one fixture event.
 */
public final class LambdaEnvironmentProbe {

    public static final String MARKER = "PROBE-RESULT ";

    private LambdaEnvironmentProbe() {
    }

    public static void main(String[] args) {
        try (LookupHandler handler = new LookupHandler()) {
            APIGatewayV2HTTPEvent event = EventLoader.loadApiGatewayHttpEvent(args[0]);
            APIGatewayV2HTTPResponse response = handler.handleRequest(event, LookupHandlers.invocation("probe"));
            System.out.println(MARKER + response.getStatusCode() + " " + response.getBody());
        }
    }
}
