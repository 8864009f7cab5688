package kr.compensation.voucher.bench.baseline;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import kr.compensation.voucher.adapters.aws.AwsClients;
import kr.compensation.voucher.adapters.aws.SsmPepper;
import kr.compensation.voucher.adapters.dynamodb.DynamoDbEligibilityRepository;
import kr.compensation.voucher.aws.AwsClientSettings;
import kr.compensation.voucher.domain.CustomerKeyHasher;
import kr.compensation.voucher.domain.EligibilityRecord;
import kr.compensation.voucher.domain.EligibilityRepository;
import kr.compensation.voucher.domain.IssuerRole;
import kr.compensation.voucher.domain.Voucher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The yardstick for the lookup function: the same read of one's own eligibility as a plain aws-lambda-java-core
 * handler, with no framework. It shares with the lookup what is not framework: the SDK clients as
 * {@link AwsClients} builds them, the table mapping of {@link DynamoDbEligibilityRepository}, the key derivation of
 * {@link CustomerKeyHasher}, the pepper from SSM at init, the same JSON body and one access log line per request.
 * Only the read routes are served; anything else is a bare 404, since the benchmarks never send it.
 *
 * <p>Not deployed: it exists so the benchmarks can say what Micronaut and the lookup's structure cost.
 */
public final class BaselineLookupHandler
        implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse>, AutoCloseable {

    private static final Logger ACCESS = LoggerFactory.getLogger("kr.compensation.voucher.bench.baseline.access");
    /** Not a subject any identity provider issues: priming never reads a customer. */
    private static final String PRIMING_SUBJECT = "synthetic priming caller";
    private static final Map<String, String> JSON_HEADERS =
            Map.of("Content-Type", "application/json", "Cache-Control", "no-store");
    private static final Map<String, String> PROBLEM_HEADERS =
            Map.of("Content-Type", "application/problem+json", "Cache-Control", "no-store");

    private final BaselineSettings settings;
    private final DynamoDbClient dynamoDb;
    // Built, never used: the real function serves claims too, so a plain version of it would build this client at
    // init as well; leaving it out would credit the framework's absence with the claim path's start-up cost.
    private final SqsClient sqs;
    private final EligibilityRepository repository;
    private final CustomerKeyHasher hasher;

    /** Used by Lambda: configuration from the function's environment. */
    public BaselineLookupHandler() {
        this(BaselineSettings.from(System::getenv), List.of());
    }

    /** Used by benchmarks, which pass the settings and may count the SDK's requests. */
    public BaselineLookupHandler(BaselineSettings settings, List<ExecutionInterceptor> interceptors) {
        this.settings = settings;
        AwsClientSettings aws = AwsClientSettings.forFunction(settings.region(), settings.endpointOverride(),
                interceptors);
        this.dynamoDb = AwsClients.dynamoDb(aws);
        this.sqs = AwsClients.sqs(aws);
        this.repository = new DynamoDbEligibilityRepository(dynamoDb, settings.tableName());
        this.hasher = SsmPepper.hasher(aws, settings.pepperParameter(), settings.localPepper());
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        if (context != null) {
            MDC.put("requestId", context.getAwsRequestId());
        }
        APIGatewayV2HTTPResponse response = answer(event);
        MDC.put("route", event.getRouteKey() == null ? "$default" : event.getRouteKey());
        MDC.put("status", Integer.toString(response.getStatusCode()));
        ACCESS.info("served");
        MDC.clear();
        return response;
    }

    /** What a CRaC beforeCheckpoint hook of this handler would do: one read of a key no customer has. */
    public void prime() {
        render(repository.find(hasher.keyOf(IssuerRole.SIGN_IN, PRIMING_SUBJECT)));
    }

    @Override
    public void close() {
        dynamoDb.close();
        sqs.close();
    }

    private APIGatewayV2HTTPResponse answer(APIGatewayV2HTTPEvent event) {
        IssuerRole role;
        String issuer;
        if ("GET /v1/eligibility".equals(event.getRouteKey())) {
            role = IssuerRole.SIGN_IN;
            issuer = settings.signInIssuer();
        } else if ("GET /v1/verified/eligibility".equals(event.getRouteKey())) {
            role = IssuerRole.IDENTITY_VERIFICATION;
            issuer = settings.identityIssuer();
        } else {
            return response(404, PROBLEM_HEADERS, "{\"status\":404}");
        }
        Map<String, String> claims = claims(event);
        String subject = claims == null ? null : claims.get("sub");
        if (claims == null || !issuer.equals(claims.get("iss")) || subject == null || subject.isBlank()
                || subject.length() > 256) {
            return response(401, PROBLEM_HEADERS, "{\"status\":401}");
        }
        if (!settings.opening().isOpenAt(Instant.now())) {
            return response(403, PROBLEM_HEADERS, "{\"status\":403}");
        }
        return response(200, JSON_HEADERS, render(repository.find(hasher.keyOf(role, subject))));
    }

    private static Map<String, String> claims(APIGatewayV2HTTPEvent event) {
        APIGatewayV2HTTPEvent.RequestContext context = event.getRequestContext();
        if (context == null || context.getAuthorizer() == null || context.getAuthorizer().getJwt() == null) {
            return null;
        }
        return context.getAuthorizer().getJwt().getClaims();
    }

    /** Byte for byte the lookup's eligibility body. */
    private String render(Optional<EligibilityRecord> found) {
        EligibilityRecord record = found.orElse(null);
        Voucher voucher = record == null ? null : record.voucher();
        StringBuilder out = new StringBuilder(voucher != null ? 192 : 128);
        out.append("{\"eligible\":").append(record != null && record.eligible());
        out.append(",\"accountState\":");
        if (record != null) {
            out.append('"').append(record.accountState().name()).append('"');
        } else {
            out.append("null");
        }
        long amount = voucher != null ? voucher.value().amount() : settings.voucherValue().amount();
        String currency = voucher != null ? voucher.value().currency() : settings.voucherValue().currency();
        out.append(",\"voucher\":{\"amount\":").append(amount);
        out.append(",\"currency\":\"").append(currency).append('"');
        out.append(",\"status\":\"").append(record == null ? "NOT_CLAIMED" : record.status().name()).append('"');
        if (voucher != null) {
            out.append(",\"code\":\"").append(voucher.code().value()).append('"');
            out.append(",\"expiresAt\":\"").append(voucher.expiresAt()).append('"');
        }
        return out.append("}}").toString();
    }

    private static APIGatewayV2HTTPResponse response(int status, Map<String, String> headers, String body) {
        APIGatewayV2HTTPResponse out = new APIGatewayV2HTTPResponse();
        out.setStatusCode(status);
        out.setHeaders(headers);
        out.setBody(body);
        out.setIsBase64Encoded(false);
        return out;
    }
}
