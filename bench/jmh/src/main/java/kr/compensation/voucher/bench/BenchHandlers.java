package kr.compensation.voucher.bench;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.micronaut.context.ApplicationContext;
import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import kr.compensation.voucher.bench.baseline.BaselineLookupHandler;
import kr.compensation.voucher.bench.baseline.BaselineSettings;
import kr.compensation.voucher.lookup.LookupHandler;

/** Builds the two handlers under test the same way: same endpoint, table, pepper (from SSM) and issuers. */
public final class BenchHandlers {

    public static final String LOOKUP = "lookup";
    public static final String BASELINE = "baseline";

    private BenchHandlers() {
    }

    public static RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> build(String which, URI endpoint) {
        return switch (which) {
            case LOOKUP -> lookup(endpoint);
            case BASELINE -> baseline(endpoint);
            default -> throw new IllegalArgumentException("no handler " + which);
        };
    }

    /** The lookup function as the local run builds it: its voucher.* properties, Lambda's context settings. */
    public static LookupHandler lookup(URI endpoint) {
        Map<String, Object> properties = new HashMap<>();
        properties.put("voucher.table-name", BenchEvents.TABLE_NAME);
        properties.put("voucher.queue-url", endpoint + "/000000000000/IssueRequestQueue");
        properties.put("voucher.opens-at", BenchEvents.OPENS_AT);
        properties.put("voucher.amount", "50000");
        properties.put("voucher.pepper-parameter", CannedAws.PEPPER_PARAMETER);
        properties.put("voucher.sign-in-issuer", BenchEvents.SIGN_IN_ISSUER);
        properties.put("voucher.identity-issuer", BenchEvents.IDENTITY_ISSUER);
        properties.put("voucher.aws.region", "ap-northeast-2");
        properties.put("voucher.aws.endpoint-override", endpoint.toString());
        return new LookupHandler(ApplicationContext.builder().properties(properties));
    }

    public static BaselineLookupHandler baseline(URI endpoint) {
        Map<String, String> environment = new HashMap<>(BenchEvents.lambdaEnvironment(endpoint.toString()));
        environment.remove("AWS_ENDPOINT_URL");
        environment.put("VOUCHER_AWS_ENDPOINT_OVERRIDE", endpoint.toString());
        return new BaselineLookupHandler(BaselineSettings.from(environment::get), List.of());
    }
}
