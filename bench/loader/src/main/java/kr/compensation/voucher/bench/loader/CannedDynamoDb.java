package kr.compensation.voucher.bench.loader;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpResponse;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * A real DynamoDB client whose HTTP layer answers at once from memory: "nothing found" to BatchGetItem, "all
 * written" to BatchWriteItem. Everything the SDK does on the loader's side (marshal to JSON, sign, unmarshal) runs
 * for real; the network and the service do not. Nothing leaves the process.
 */
final class CannedDynamoDb implements SdkHttpClient {

    private static final byte[] BATCH_GET = "{\"Responses\":{},\"UnprocessedKeys\":{}}".getBytes(StandardCharsets.UTF_8);
    private static final byte[] BATCH_WRITE = "{\"UnprocessedItems\":{}}".getBytes(StandardCharsets.UTF_8);

    static DynamoDbClient client() {
        return DynamoDbClient.builder()
                .region(Region.AP_NORTHEAST_2)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("bench", "bench")))
                .endpointOverride(URI.create("http://127.0.0.1:9"))
                .httpClient(new CannedDynamoDb())
                .build();
    }

    @Override
    public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
        return new ExecutableHttpRequest() {
            @Override
            public HttpExecuteResponse call() {
                // Read the body as a socket would, so its serialisation is not optimised away.
                request.contentStreamProvider().ifPresent(provider -> drain(provider.newStream()));
                String target = request.httpRequest().firstMatchingHeader("X-Amz-Target").orElse("");
                byte[] body = target.endsWith("BatchGetItem") ? BATCH_GET : BATCH_WRITE;
                return HttpExecuteResponse.builder()
                        .response(SdkHttpResponse.builder().statusCode(200)
                                .putHeader("Content-Type", "application/x-amz-json-1.0")
                                .putHeader("Content-Length", Integer.toString(body.length))
                                .build())
                        .responseBody(AbortableInputStream.create(new ByteArrayInputStream(body)))
                        .build();
            }

            @Override
            public void abort() {
            }
        };
    }

    private static void drain(InputStream in) {
        try (in) {
            byte[] buffer = new byte[8192];
            while (in.read(buffer) >= 0) {
                // discard
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public String clientName() {
        return "canned";
    }

    @Override
    public void close() {
    }

}
