package kr.compensation.voucher.lookup;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import io.micronaut.context.ApplicationContext;
import io.micronaut.context.ApplicationContextBuilder;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import kr.compensation.voucher.domain.CustomerKey;
import kr.compensation.voucher.domain.CustomerKeyHasher;
import kr.compensation.voucher.domain.IssuerRole;
import kr.compensation.voucher.locallambda.LocalLambdaContext;

/** Builds handlers the way the local run does, with test values. */
public final class LookupHandlers {

    public static final String FAKE_PORTS = "fake-ports";
    public static final String SIGN_IN_ISSUER = "https://signin.example.com";
    public static final String IDENTITY_ISSUER = "https://identity.example.com";
    /** 2027-01-15T00:00:00+09:00. */
    public static final Instant OPENS_AT = Instant.parse("2027-01-14T15:00:00Z");
    private static final byte[] PEPPER = pepper();
    public static final String PEPPER_BASE64 = Base64.getEncoder().encodeToString(PEPPER);
    /** The same derivation the handler uses, so tests can find and seed a customer's item. */
    public static final CustomerKeyHasher HASHER = new CustomerKeyHasher(PEPPER);

    private LookupHandlers() {
    }

    /** What Lambda passes with each invocation, as far as the handler looks at it: the request id. */
    public static LocalLambdaContext invocation(String awsRequestId) {
        return LocalLambdaContext.forRequest(awsRequestId, "LookupFunction", "ap-northeast-2", Duration.ofSeconds(9));
    }

    /** The properties the local run passes, minus the AWS ones a fake-ports context does not need. */
    public static Map<String, Object> properties() {
        Map<String, Object> properties = new HashMap<>();
        properties.put("voucher.table-name", "EligibilityTable");
        properties.put("voucher.queue-url", "http://127.0.0.1:1/000000000000/IssueRequestQueue");
        properties.put("voucher.opens-at", "2027-01-15T00:00:00+09:00");
        properties.put("voucher.local-pepper", PEPPER_BASE64);
        properties.put("voucher.sign-in-issuer", SIGN_IN_ISSUER);
        properties.put("voucher.identity-issuer", IDENTITY_ISSUER);
        properties.put("voucher.aws.region", "ap-northeast-2");
        return properties;
    }

    public static ApplicationContextBuilder fakePortsContext() {
        return ApplicationContext.builder()
                .environments("test", FAKE_PORTS, LookupHandler.ENVIRONMENT)
                .deduceEnvironment(false)
                .properties(properties());
    }

    public static LookupHandler withFakePorts() {
        return new LookupHandler(fakePortsContext());
    }

    public static CustomerKey keyOf(IssuerRole role, String subject) {
        return HASHER.keyOf(role, subject);
    }

    public static APIGatewayV2HTTPEvent event(String fixture) {
        return EventLoader.loadApiGatewayHttpEvent("events/" + fixture);
    }

    /** A fixture with its authorizer claims replaced: how a token of another issuer or subject would arrive. */
    public static APIGatewayV2HTTPEvent event(String fixture, String issuer, String subject) {
        APIGatewayV2HTTPEvent event = event(fixture);
        Map<String, String> claims = new HashMap<>(event.getRequestContext().getAuthorizer().getJwt().getClaims());
        putOrRemove(claims, "iss", issuer);
        putOrRemove(claims, "sub", subject);
        event.getRequestContext().getAuthorizer().getJwt().setClaims(claims);
        return event;
    }

    private static void putOrRemove(Map<String, String> claims, String name, String value) {
        if (value == null) {
            claims.remove(name);
        } else {
            claims.put(name, value);
        }
    }

    private static byte[] pepper() {
        byte[] pepper = new byte[32];
        for (int i = 0; i < pepper.length; i++) {
            pepper[i] = (byte) (31 * i + 7);
        }
        return pepper;
    }
}
