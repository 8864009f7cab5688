package kr.compensation.voucher.lookup;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.time.Instant;
import kr.compensation.voucher.domain.AccountState;
import kr.compensation.voucher.domain.CustomerKey;
import kr.compensation.voucher.domain.EligibilityRecord;
import kr.compensation.voucher.domain.IssueSource;
import kr.compensation.voucher.domain.IssuerRole;
import kr.compensation.voucher.domain.Money;
import kr.compensation.voucher.domain.Voucher;
import kr.compensation.voucher.domain.VoucherCodeGenerator;
import kr.compensation.voucher.domain.testing.InMemoryEligibilityRepository;
import kr.compensation.voucher.domain.testing.SettableClock;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInstance;

/**
 * Runs the real handler (production wiring, configuration, hasher, routing, rendering) with in-memory DynamoDB and
 * SQS stand-ins and a settable clock. Needs nothing running. One handler per class, as one Lambda environment serves
 * many requests; the fakes are emptied before each test.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class FakePortsTestBase {

    static final String CUSTOMER_A = "customer-a";
    static final String CUSTOMER_B = "customer-b";
    static final String VERIFIED_C = "verified-c";
    static final ObjectMapper JSON = new ObjectMapper();

    LookupHandler handler;
    InMemoryEligibilityRepository repository;
    RecordingIssueRequestQueue queue;
    SettableClock clock;

    @BeforeAll
    void startHandler() {
        handler = LookupHandlers.withFakePorts();
        repository = handler.getApplicationContext().getBean(InMemoryEligibilityRepository.class);
        queue = handler.getApplicationContext().getBean(RecordingIssueRequestQueue.class);
        clock = handler.getApplicationContext().getBean(SettableClock.class);
    }

    @AfterAll
    void stopHandler() {
        if (handler != null) {
            handler.close();
        }
    }

    @BeforeEach
    void emptyTheFakes() {
        repository.clear();
        queue.clear();
        clock.set(LookupHandlers.OPENS_AT.plus(Duration.ofHours(1)));
    }

    APIGatewayV2HTTPResponse invoke(APIGatewayV2HTTPEvent event) {
        return handler.handleRequest(event, LookupHandlers.invocation("lambda-request-1"));
    }

    static JsonNode body(APIGatewayV2HTTPResponse response) {
        try {
            return JSON.readTree(response.getBody());
        } catch (JsonProcessingException e) {
            throw new AssertionError("not JSON: " + response.getBody(), e);
        }
    }

    static CustomerKey signIn(String subject) {
        return LookupHandlers.keyOf(IssuerRole.SIGN_IN, subject);
    }

    static CustomerKey verified(String subject) {
        return LookupHandlers.keyOf(IssuerRole.IDENTITY_VERIFICATION, subject);
    }

    /** Writes the voucher the issuer would grant. */
    Voucher grantVoucher(CustomerKey key) {
        Instant issuedAt = clock.instant();
        Voucher voucher = new Voucher(new VoucherCodeGenerator().next(), Money.krw(50_000), issuedAt,
                issuedAt.plus(Duration.ofDays(365)), IssueSource.CUSTOMER_CLAIM, "req-1");
        EligibilityRecord current = repository.item(key);
        repository.put(new EligibilityRecord(key, true, current.accountState(), current.claimRequestedAt(), voucher));
        return voucher;
    }

    void loadEligible(CustomerKey key, AccountState state) {
        repository.load(key, true, state);
    }

    static void assertProblem(APIGatewayV2HTTPResponse response, int status, String slug) {
        assertThat(response.getStatusCode()).isEqualTo(status);
        assertThat(response.getHeaders()).containsEntry("Content-Type", "application/problem+json")
                .containsEntry("Cache-Control", "no-store");
        JsonNode problem = body(response);
        assertThat(problem.path("type").asText()).isEqualTo("https://voucher.example.com/problems/" + slug);
        assertThat(problem.path("status").asInt()).isEqualTo(status);
        assertThat(problem.path("title").asText()).isNotBlank();
        assertThat(problem.path("detail").asText()).isNotBlank();
    }
}
