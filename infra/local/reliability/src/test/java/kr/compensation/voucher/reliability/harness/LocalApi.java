package kr.compensation.voucher.reliability.harness;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import kr.compensation.voucher.adapters.dynamodb.EligibilityItem;
import kr.compensation.voucher.domain.AccountState;
import kr.compensation.voucher.domain.CustomerKey;
import kr.compensation.voucher.domain.IssuerRole;
import kr.compensation.voucher.local.LocalRun;
import kr.compensation.voucher.reliability.personaldata.SuiteLog;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The README's local run (infra/local/run), started in this JVM and driven over real HTTP on loopback: the template's
 * routes and JWT authorizers in front of the lookup handler, the issuer behind the queue, an emulator of its own.
 */
public final class LocalApi implements AutoCloseable {

    private static LocalApi shared;

    private final LocalRun run;
    private final byte[] pepper;
    private final String base;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private LocalApi(LocalRun run, byte[] pepper) {
        this.run = run;
        this.pepper = pepper;
        this.base = "http://127.0.0.1:" + run.port();
    }

    /** A run that opens at {@code opensAt}; the caller closes it. */
    public static LocalApi start(Instant opensAt) {
        SuiteLog.install();
        byte[] pepper = new byte[32];
        new SecureRandom().nextBytes(pepper);
        try {
            // The banner prints a demo token: keep it out of the captured output.
            return new LocalApi(LocalRun.startOnFreePort(opensAt, 2, pepper,
                    new PrintStream(OutputStream.nullOutputStream())), pepper);
        } catch (IOException e) {
            throw new UncheckedIOException("the local run did not start", e);
        }
    }

    /** One run, already open, shared by the HTTP test classes and stopped when the JVM exits. */
    public static synchronized LocalApi shared() {
        if (shared == null) {
            shared = start(Instant.now().minus(Duration.ofMinutes(1)));
            Runtime.getRuntime().addShutdownHook(new Thread(shared::close, "reliability-local-run-stop"));
        }
        return shared;
    }

    public LocalRun run() {
        return run;
    }

    public String base() {
        return base;
    }

    /** The run's customer-key pepper, for the ops tool's {@code --pepper-base64}. */
    public String pepperBase64() {
        return Base64.getEncoder().encodeToString(pepper);
    }

    public String queueUrl() {
        return run.aws().resources().queueUrl("IssueRequestQueue");
    }

    public CustomerKey keyOf(IssuerRole role, String subject) {
        return run.customerKeys().keyOf(role, subject);
    }

    /** Puts a customer on the list, as the loader would. */
    public CustomerKey load(IssuerRole role, String subject, boolean eligible, AccountState state) {
        CustomerKey key = keyOf(role, subject);
        run.aws().dynamoDb().putItem(r -> r.tableName(table()).item(EligibilityItem.newlyLoaded(key, eligible, state)));
        return key;
    }

    public Map<String, AttributeValue> item(CustomerKey key) {
        return run.aws().dynamoDb().getItem(r -> r.tableName(table()).key(EligibilityItem.key(key))
                .consistentRead(true)).item();
    }

    public String table() {
        return run.aws().resources().tableName("EligibilityTable");
    }

    /** A token of the local identity provider for this role, valid for a few minutes. */
    public String token(IssuerRole role, String subject) {
        return run.identityProviders().mint(role, subject, Duration.ofMinutes(10));
    }

    public String issuer(IssuerRole role) {
        return run.identityProviders().issuer(role);
    }

    public HttpExchange send(String method, String pathAndQuery, Map<String, List<String>> headers, byte[] body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + pathAndQuery))
                .timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach((name, values) -> values.forEach(value -> request.header(name, value)));
        try {
            HttpResponse<byte[]> response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            Map<String, String> out = new LinkedHashMap<>();
            response.headers().map().forEach((name, values) ->
                    out.put(name.toLowerCase(Locale.ROOT), String.join(",", values)));
            return new HttpExchange(response.statusCode(), out, new String(response.body(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(method + " " + pathAndQuery.length() + "-character target failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    public HttpExchange send(String method, String path, String bearerToken) {
        return send(method, path, bearerToken == null ? Map.of()
                : Map.of("Authorization", List.of("Bearer " + bearerToken)), null);
    }

    @Override
    public void close() {
        run.close();
    }
}
