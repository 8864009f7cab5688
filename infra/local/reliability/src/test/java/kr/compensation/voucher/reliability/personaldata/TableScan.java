package kr.compensation.voucher.reliability.personaldata;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import kr.compensation.voucher.domain.CustomerKey;
import kr.compensation.voucher.reliability.reporting.Figures;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Reads a whole table and fails if any attribute, name or value, at any depth, holds personal data: a raw customer
 * id, a token, a phone number or an e-mail address. Keys must be customer keys (keyed hashes), nothing else.
 */
public final class TableScan {

    private TableScan() {
    }

    /** Returns how many items were scanned; throws an AssertionError (data masked) on the first findings. */
    public static int assertNoPersonalData(DynamoDbClient dynamoDb, String table) {
        List<String> problems = new ArrayList<>();
        int[] items = {0};
        dynamoDb.scanPaginator(r -> r.tableName(table).consistentRead(true)).items().forEach(item -> {
            items[0]++;
            AttributeValue pk = item.get("pk");
            if (pk == null || !CustomerKey.isWellFormed(pk.s())) {
                problems.add("an item whose key is not a customer key: " + PersonalData.masked(String.valueOf(pk)));
            }
            item.forEach((name, value) -> inspect(name, value, problems));
        });
        Figures.note("items scanned for personal data in " + table, items[0]);
        if (!problems.isEmpty()) {
            throw new AssertionError(problems.size() + " attributes of " + table + " hold personal data:\n  "
                    + String.join("\n  ", problems.subList(0, Math.min(5, problems.size()))));
        }
        return items[0];
    }

    private static void inspect(String path, AttributeValue value, List<String> problems) {
        check(path, path, problems);
        if (value.s() != null) {
            check(path, value.s(), problems);
        }
        if (value.n() != null) {
            check(path, value.n(), problems);
        }
        if (value.b() != null) {
            check(path, text(value.b()), problems);
        }
        if (value.hasSs()) {
            value.ss().forEach(s -> check(path, s, problems));
        }
        if (value.hasNs()) {
            value.ns().forEach(n -> check(path, n, problems));
        }
        if (value.hasBs()) {
            value.bs().forEach(b -> check(path, text(b), problems));
        }
        if (value.hasL()) {
            for (int i = 0; i < value.l().size(); i++) {
                inspect(path + "[" + i + "]", value.l().get(i), problems);
            }
        }
        if (value.hasM()) {
            for (Map.Entry<String, AttributeValue> entry : value.m().entrySet()) {
                inspect(path + "." + entry.getKey(), entry.getValue(), problems);
            }
        }
    }

    private static void check(String path, String text, List<String> problems) {
        List<PersonalData.Finding> findings = PersonalData.findings(text);
        if (!findings.isEmpty()) {
            problems.add(path + " holds " + findings.get(0).kind() + ": " + PersonalData.masked(text));
        }
    }

    private static String text(SdkBytes bytes) {
        return new String(bytes.asByteArray(), StandardCharsets.UTF_8);
    }
}
