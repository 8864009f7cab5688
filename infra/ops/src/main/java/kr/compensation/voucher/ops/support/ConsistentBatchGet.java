package kr.compensation.voucher.ops.support;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;

/**
 * Reads items by key with BatchGetItem, strongly consistently so that a write just acknowledged is seen, and asks
 * again, after a back-off, for the keys DynamoDB left unprocessed (it may leave any of them, throttled or past its
 * 16 MB answer) until every key is answered.
 */
public final class ConsistentBatchGet {

    private ConsistentBatchGet() {
    }

    /**
     * @param keys       at most 100 (BatchGetItem's limit)
     * @param projection adds a projection to the request, or nothing for whole items
     * @return the items found, in no particular order
     */
    public static List<Map<String, AttributeValue>> read(DynamoDbClient dynamoDb, String table,
                                                         List<Map<String, AttributeValue>> keys,
                                                         Consumer<KeysAndAttributes.Builder> projection,
                                                         Backoff backoff) throws InterruptedException {
        List<Map<String, AttributeValue>> found = new ArrayList<>();
        List<Map<String, AttributeValue>> pending = keys;
        int attempt = 0;
        while (!pending.isEmpty()) {
            KeysAndAttributes.Builder request = KeysAndAttributes.builder().keys(pending).consistentRead(true);
            projection.accept(request);
            BatchGetItemResponse response = dynamoDb.batchGetItem(r -> r.requestItems(Map.of(table,
                    request.build())));
            found.addAll(response.responses().getOrDefault(table, List.of()));
            KeysAndAttributes unprocessed = response.hasUnprocessedKeys() ? response.unprocessedKeys().get(table)
                    : null;
            pending = unprocessed != null && unprocessed.hasKeys() ? new ArrayList<>(unprocessed.keys()) : List.of();
            if (!pending.isEmpty()) {
                attempt++;
                if (attempt >= backoff.maxAttempts()) {
                    throw new IllegalStateException("BatchGetItem still has unprocessed keys after " + attempt
                            + " attempts");
                }
                backoff.pause(attempt);
            }
        }
        return found;
    }
}
