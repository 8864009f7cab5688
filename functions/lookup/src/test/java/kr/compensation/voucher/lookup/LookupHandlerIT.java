package kr.compensation.voucher.lookup;

import static kr.compensation.voucher.lookup.LookupHandlers.IDENTITY_ISSUER;
import static kr.compensation.voucher.lookup.LookupHandlers.SIGN_IN_ISSUER;
import static kr.compensation.voucher.lookup.LookupHandlers.event;
import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micronaut.context.ApplicationContext;
import io.micronaut.crac.test.CheckpointSimulator;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import kr.compensation.voucher.adapters.dynamodb.DynamoDbEligibilityRepository;
import kr.compensation.voucher.adapters.dynamodb.EligibilityItem;
import kr.compensation.voucher.adapters.sqs.IssueRequestCodec;
import kr.compensation.voucher.domain.AccountState;
import kr.compensation.voucher.domain.CustomerKey;
import kr.compensation.voucher.domain.CustomerKeyHasher;
import kr.compensation.voucher.domain.GrantOutcome;
import kr.compensation.voucher.domain.IssueRequest;
import kr.compensation.voucher.domain.IssueSource;
import kr.compensation.voucher.domain.IssuerRole;
import kr.compensation.voucher.domain.Money;
import kr.compensation.voucher.domain.Voucher;
import kr.compensation.voucher.domain.VoucherCodeGenerator;
import kr.compensation.voucher.localaws.LocalAws;
import kr.compensation.voucher.localaws.WithLocalAws;
import kr.compensation.voucher.lookup.api.LookupApi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.sqs.model.DeleteMessageRequest;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.ssm.model.ParameterType;
import software.amazon.awssdk.services.sqs.model.ReceiveMessageRequest;

/**
 * The handler against the local AWS emulator (the template's table and queue, created by the harness): the real
 * DynamoDB conditional writes and SQS messages, with the same properties the local run passes.
 */
@WithLocalAws
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LookupHandlerIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final OpenApiDocument API = OpenApiDocument.load();

    private LocalAws aws;
    private String table;
    private String queueUrl;
    private LookupHandler handler;
    private final List<String> awsRequests = new CopyOnWriteArrayList<>();

    /** Counts the SDK requests the handler's own clients make, e.g. to prove none happen before the opening. */
    private final ExecutionInterceptor counter = new ExecutionInterceptor() {
        @Override
        public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
            awsRequests.add(attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME));
        }
    };

    @BeforeAll
    void start(LocalAws aws) {
        this.aws = aws;
        this.table = aws.resources().tableName("EligibilityTable");
        this.queueUrl = aws.resources().queueUrl("IssueRequestQueue");
        this.handler = handler(properties("2020-01-01T00:00:00+09:00"));
    }

    @AfterAll
    void stop() {
        if (handler != null) {
            handler.close();
        }
    }

    @BeforeEach
    void drainTheQueue() {
        drainMessages();
        awsRequests.clear();
    }

    @Test
    @DisplayName("GET before a claim, claim, GET after: NOT_CLAIMED, 202 with one message for the caller's key, PENDING")
    void readClaimRead() throws Exception {
        CustomerKey key = load(IssuerRole.SIGN_IN, "it-read-claim-read", true, AccountState.ACTIVE);

        assertThat(voucherStatus(invoke(as("signin-get-eligibility.json", SIGN_IN_ISSUER, "it-read-claim-read"))))
                .isEqualTo("NOT_CLAIMED");
        APIGatewayV2HTTPResponse claim = invoke(as("signin-post-claim.json", SIGN_IN_ISSUER, "it-read-claim-read"));
        assertThat(claim.getStatusCode()).isEqualTo(202);
        assertThat(voucherStatus(invoke(as("signin-get-eligibility.json", SIGN_IN_ISSUER, "it-read-claim-read"))))
                .isEqualTo("PENDING");

        List<IssueRequest> requests = drainMessages();
        assertThat(requests).singleElement().satisfies(request -> {
            assertThat(request.customerKey()).isEqualTo(key);
            assertThat(request.source()).isEqualTo(IssueSource.CUSTOMER_CLAIM);
        });
        assertThat(aws.dynamoDb().getItem(b -> b.tableName(table).key(EligibilityItem.key(key))).item())
                .containsKey(EligibilityItem.CLAIM_REQUESTED_AT);
    }

    @Test
    @DisplayName("a repeated claim answers pending and sends no second message")
    void repeatedClaim() {
        load(IssuerRole.SIGN_IN, "it-repeat", true, AccountState.ACTIVE);

        invoke(as("signin-post-claim.json", SIGN_IN_ISSUER, "it-repeat"));
        APIGatewayV2HTTPResponse again = invoke(as("signin-post-claim.json", SIGN_IN_ISSUER, "it-repeat"));

        assertThat(again.getStatusCode()).isEqualTo(202);
        assertThat(drainMessages()).hasSize(1);
    }

    @Test
    @DisplayName("many threads claiming for one customer at once put exactly one message on the queue")
    void racingClaims() throws Exception {
        CustomerKey key = load(IssuerRole.SIGN_IN, "it-racer", true, AccountState.ACTIVE);
        int threads = 12;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Integer>> statuses = new ArrayList<>();
        try {
            for (int i = 0; i < threads * 3; i++) {
                statuses.add(pool.submit(() -> {
                    start.await();
                    return invoke(as("signin-post-claim.json", SIGN_IN_ISSUER, "it-racer")).getStatusCode();
                }));
            }
            start.countDown();
            for (Future<Integer> status : statuses) {
                assertThat(status.get()).isEqualTo(202);
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(drainMessages()).singleElement().extracting(IssueRequest::customerKey).isEqualTo(key);
    }

    @Test
    @DisplayName("a listed customer who is not owed a voucher gets 403 not-eligible; nothing is written or sent")
    void notEligible() {
        CustomerKey key = load(IssuerRole.SIGN_IN, "it-not-owed", false, AccountState.ACTIVE);

        APIGatewayV2HTTPResponse response = invoke(as("signin-post-claim.json", SIGN_IN_ISSUER, "it-not-owed"));

        assertThat(response.getStatusCode()).isEqualTo(403);
        assertThat(body(response).path("type").asText()).endsWith("/not-eligible");
        assertThat(aws.dynamoDb().getItem(b -> b.tableName(table).key(EligibilityItem.key(key))).item())
                .doesNotContainKey(EligibilityItem.CLAIM_REQUESTED_AT);
        assertThat(drainMessages()).isEmpty();
    }

    @Test
    @DisplayName("an unknown customer reads 200 eligible:false and gets 403 on a claim, and no item is created")
    void unknownCustomer() {
        APIGatewayV2HTTPResponse read = invoke(as("signin-get-eligibility.json", SIGN_IN_ISSUER, "it-stranger"));
        APIGatewayV2HTTPResponse claim = invoke(as("signin-post-claim.json", SIGN_IN_ISSUER, "it-stranger"));

        assertThat(read.getStatusCode()).isEqualTo(200);
        assertThat(body(read).path("eligible").asBoolean()).isFalse();
        assertThat(body(read).path("accountState").isNull()).isTrue();
        assertThat(claim.getStatusCode()).isEqualTo(403);
        CustomerKey key = LookupHandlers.keyOf(IssuerRole.SIGN_IN, "it-stranger");
        assertThat(aws.dynamoDb().getItem(b -> b.tableName(table).key(EligibilityItem.key(key))).hasItem()).isFalse();
        assertThat(drainMessages()).isEmpty();
    }

    @Test
    @DisplayName("a closed-account customer reads and claims through the identity-verification issuer")
    void closedAccountThroughIdentityVerification() {
        CustomerKey key = load(IssuerRole.IDENTITY_VERIFICATION, "it-closed", true, AccountState.CLOSED);

        APIGatewayV2HTTPResponse read = invoke(as("verified-get-eligibility.json", IDENTITY_ISSUER, "it-closed"));
        APIGatewayV2HTTPResponse claim = invoke(as("verified-post-claim.json", IDENTITY_ISSUER, "it-closed"));

        assertThat(body(read).path("accountState").asText()).isEqualTo("CLOSED");
        assertThat(claim.getStatusCode()).isEqualTo(202);
        assertThat(drainMessages()).singleElement().extracting(IssueRequest::customerKey).isEqualTo(key);
        assertThat(invoke(as("signin-get-eligibility.json", SIGN_IN_ISSUER, "it-closed")).getBody())
                .as("the same subject signed in is someone else").contains("\"eligible\":false");
    }

    @Test
    @DisplayName("once the issuer granted the voucher, GET shows it and a claim answers 200 with it, sending nothing")
    void issued() {
        CustomerKey key = load(IssuerRole.SIGN_IN, "it-issued", true, AccountState.ACTIVE);
        Instant now = Instant.now();
        Voucher voucher = new Voucher(new VoucherCodeGenerator().next(), Money.krw(50_000), now,
                now.plus(Duration.ofDays(365)), IssueSource.CUSTOMER_CLAIM, "it-request");
        assertThat(new DynamoDbEligibilityRepository(aws.dynamoDb(), table).grant(key, voucher))
                .isInstanceOf(GrantOutcome.Granted.class);

        APIGatewayV2HTTPResponse read = invoke(as("signin-get-eligibility.json", SIGN_IN_ISSUER, "it-issued"));
        APIGatewayV2HTTPResponse claim = invoke(as("signin-post-claim.json", SIGN_IN_ISSUER, "it-issued"));

        assertThat(body(read).path("voucher").path("code").asText()).isEqualTo(voucher.code().value());
        assertThat(claim.getStatusCode()).isEqualTo(200);
        assertThat(body(claim).path("voucher").path("status").asText()).isEqualTo("ISSUED");
        assertThat(drainMessages()).isEmpty();
    }

    @Test
    @DisplayName("before the opening the handler answers 403 not-open-yet without a single DynamoDB or SQS request")
    void gateBeforeTheStore() {
        load(IssuerRole.SIGN_IN, "it-early", true, AccountState.ACTIVE);
        try (LookupHandler early = handler(properties(Instant.now().plus(Duration.ofDays(30)).toString()))) {
            awsRequests.clear();

            APIGatewayV2HTTPResponse read = early.handleRequest(as("signin-get-eligibility.json", SIGN_IN_ISSUER, "it-early"),
                    LookupHandlers.invocation("it"));
            APIGatewayV2HTTPResponse claim = early.handleRequest(as("signin-post-claim.json", SIGN_IN_ISSUER, "it-early"),
                    LookupHandlers.invocation("it"));

            assertThat(read.getStatusCode()).isEqualTo(403);
            assertThat(claim.getStatusCode()).isEqualTo(403);
            assertThat(awsRequests).isEmpty();
        }
        assertThat(drainMessages()).isEmpty();
    }

    @Test
    @DisplayName("priming makes only GetItems, one a round, and writes and sends nothing")
    void primingOnlyReads() {
        int itemsBefore = aws.dynamoDb().scan(ScanRequest.builder().tableName(table).build()).count();
        awsRequests.clear();

        handler.getApplicationContext().getBean(CheckpointSimulator.class).runBeforeCheckpoint();

        assertThat(awsRequests).hasSize(LookupApi.PRIMING_ROUNDS).containsOnly("GetItem");
        assertThat(aws.dynamoDb().scan(ScanRequest.builder().tableName(table).build()).count()).isEqualTo(itemsBefore);
        assertThat(drainMessages()).isEmpty();
        CustomerKey synthetic = LookupHandlers.HASHER.keyOf(LookupApi.PRIMING_CALLER);
        assertThat(aws.dynamoDb().getItem(b -> b.tableName(table).key(EligibilityItem.key(synthetic))).hasItem()).isFalse();
    }

    @Test
    @DisplayName("with a pepper parameter the pepper comes from SSM (SecureString), and the local pepper is ignored")
    void pepperFromSsm() {
        byte[] ssmPepper = new byte[48];
        for (int i = 0; i < ssmPepper.length; i++) {
            ssmPepper[i] = (byte) (255 - i);
        }
        aws.ssm().putParameter(b -> b.name("/voucher/it-pepper").type(ParameterType.SECURE_STRING)
                .value(java.util.Base64.getEncoder().encodeToString(ssmPepper)).overwrite(true));
        CustomerKey key = new CustomerKeyHasher(ssmPepper).keyOf(IssuerRole.SIGN_IN, "it-ssm");
        aws.dynamoDb().putItem(b -> b.tableName(table).item(EligibilityItem.newlyLoaded(key, true, AccountState.ACTIVE)));
        Map<String, Object> properties = properties("2020-01-01T00:00:00+09:00");
        properties.put("voucher.pepper-parameter", "/voucher/it-pepper");

        try (LookupHandler ssmHandler = handler(properties)) {
            APIGatewayV2HTTPResponse read = ssmHandler.handleRequest(as("signin-get-eligibility.json", SIGN_IN_ISSUER, "it-ssm"),
                    LookupHandlers.invocation("it"));

            assertThat(body(read).path("eligible").asBoolean()).isTrue();
        }
    }

    @Test
    @DisplayName("responses from the real store match the OpenAPI document too")
    void responsesMatchTheDocument() {
        load(IssuerRole.SIGN_IN, "it-doc", true, AccountState.ACTIVE);
        record Call(String fixture, String path, String method) {
        }
        for (Call call : List.of(new Call("signin-get-eligibility.json", "/v1/eligibility", "GET"),
                new Call("signin-post-claim.json", "/v1/claims", "POST"),
                new Call("signin-post-claim.json", "/v1/claims", "POST"))) {
            APIGatewayV2HTTPResponse response = invoke(as(call.fixture(), SIGN_IN_ISSUER, "it-doc"));
            assertThat(API.check(call.path(), call.method(), response.getStatusCode(), response.getHeaders(),
                    response.getBody())).as(response.getBody()).isEmpty();
        }
        drainMessages();
    }

    private Map<String, Object> properties(String opensAt) {
        Map<String, Object> properties = LookupHandlers.properties();
        properties.put("voucher.table-name", table);
        properties.put("voucher.queue-url", queueUrl);
        properties.put("voucher.opens-at", opensAt);
        properties.put("voucher.aws.endpoint-override", aws.endpoint().toString());
        properties.put("voucher.aws.region", aws.region().id());
        return properties;
    }

    private LookupHandler handler(Map<String, Object> properties) {
        return new LookupHandler(ApplicationContext.builder().environments("test").deduceEnvironment(false)
                .properties(properties).singletons(counter));
    }

    private APIGatewayV2HTTPResponse invoke(APIGatewayV2HTTPEvent event) {
        return handler.handleRequest(event, LookupHandlers.invocation("it"));
    }

    private static APIGatewayV2HTTPEvent as(String fixture, String issuer, String subject) {
        return event(fixture, issuer, subject);
    }

    private CustomerKey load(IssuerRole role, String subject, boolean eligible, AccountState state) {
        CustomerKey key = LookupHandlers.keyOf(role, subject);
        aws.dynamoDb().putItem(b -> b.tableName(table).item(EligibilityItem.newlyLoaded(key, eligible, state)));
        return key;
    }

    /** Receives and deletes everything on the issue-request queue. */
    private List<IssueRequest> drainMessages() {
        IssueRequestCodec codec = new IssueRequestCodec();
        List<IssueRequest> requests = new ArrayList<>();
        for (int emptyReceives = 0; emptyReceives < 2; ) {
            List<Message> messages = aws.sqs().receiveMessage(ReceiveMessageRequest.builder().queueUrl(queueUrl)
                    .maxNumberOfMessages(10).waitTimeSeconds(0).build()).messages();
            if (messages.isEmpty()) {
                emptyReceives++;
                continue;
            }
            for (Message message : messages) {
                requests.add(codec.decode(message.body()));
                aws.sqs().deleteMessage(DeleteMessageRequest.builder().queueUrl(queueUrl)
                        .receiptHandle(message.receiptHandle()).build());
            }
        }
        return requests;
    }

    private static String voucherStatus(APIGatewayV2HTTPResponse response) {
        return body(response).path("voucher").path("status").asText();
    }

    private static JsonNode body(APIGatewayV2HTTPResponse response) {
        try {
            return JSON.readTree(response.getBody());
        } catch (Exception e) {
            throw new AssertionError(response.getBody(), e);
        }
    }
}
