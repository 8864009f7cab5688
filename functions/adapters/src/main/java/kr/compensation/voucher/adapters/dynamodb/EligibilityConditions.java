package kr.compensation.voucher.adapters.dynamodb;

import static kr.compensation.voucher.adapters.dynamodb.EligibilityItem.CLAIM_REQUESTED_AT;
import static kr.compensation.voucher.adapters.dynamodb.EligibilityItem.ELIGIBLE;
import static kr.compensation.voucher.adapters.dynamodb.EligibilityItem.PK;
import static kr.compensation.voucher.adapters.dynamodb.EligibilityItem.VOUCHER_CODE;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import kr.compensation.voucher.domain.EligibilityRecord;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The domain's money rules ({@link EligibilityRecord#mayBeGranted}, {@link EligibilityRecord#mayClaim},
 * {@link EligibilityRecord#hasClaimRequestedAt}) as DynamoDB condition expressions over {@link EligibilityItem}'s
 * attributes, written once: the repository's conditional writes and ops' bulk-issue scan filter take them from here,
 * and the repository contract suite holds them to the predicates on the emulator.
 */
public final class EligibilityConditions {

    private static final AttributeValue TRUE = AttributeValue.fromBool(true);

    /** {@link EligibilityRecord#mayBeGranted}, on a customer the store knows: eligible and no voucher. */
    public static final Condition MAY_BE_GRANTED = new Condition(
            "attribute_exists(#pk) AND #eligible = :true AND attribute_not_exists(#code)",
            Map.of("#pk", PK, "#eligible", ELIGIBLE, "#code", VOUCHER_CODE),
            Map.of(":true", TRUE));

    private EligibilityConditions() {
    }

    /**
     * {@link EligibilityRecord#mayClaim}: a voucher may be granted, and no claim at or after the boundary. The claim's
     * instant compares as text; {@link EligibilityItem#instant} writes every instant at one width, so that text order
     * is time order.
     */
    public static Condition mayClaim(Instant resubmitIfRequestedBefore) {
        return MAY_BE_GRANTED.and(new Condition("(attribute_not_exists(#claimed) OR #claimed < :staleBefore)",
                Map.of("#claimed", CLAIM_REQUESTED_AT),
                Map.of(":staleBefore", EligibilityItem.instant(resubmitIfRequestedBefore))));
    }

    /** {@link EligibilityRecord#hasClaimRequestedAt}: the recorded claim is the one made at {@code requestedAt}. */
    public static Condition hasClaimRequestedAt(Instant requestedAt) {
        return new Condition("#claimed = :requestedAt", Map.of("#claimed", CLAIM_REQUESTED_AT),
                Map.of(":requestedAt", EligibilityItem.instant(requestedAt)));
    }

    /**
     * A condition expression with its name and value placeholders. DynamoDB rejects a request that defines a
     * placeholder its expressions do not use, so a request sends exactly a condition's placeholders plus those of
     * its other expressions ({@link #namesWith}, {@link #valuesWith}).
     */
    public record Condition(String expression, Map<String, String> names, Map<String, AttributeValue> values) {

        public Condition {
            Objects.requireNonNull(expression, "expression");
            names = Map.copyOf(names);
            values = Map.copyOf(values);
        }

        /** Both conditions; a placeholder both define must mean the same in each. */
        public Condition and(Condition other) {
            return new Condition(expression + " AND " + other.expression, namesWith(other.names),
                    valuesWith(other.values));
        }

        /** This condition's name placeholders and those of the request's other expressions. */
        public Map<String, String> namesWith(Map<String, String> more) {
            return merged(names, more);
        }

        /** This condition's value placeholders and those of the request's other expressions. */
        public Map<String, AttributeValue> valuesWith(Map<String, AttributeValue> more) {
            return merged(values, more);
        }

        private static <V> Map<String, V> merged(Map<String, V> mine, Map<String, V> more) {
            Map<String, V> all = new HashMap<>(mine);
            more.forEach((placeholder, value) -> {
                V existing = all.putIfAbsent(placeholder, value);
                if (existing != null && !existing.equals(value)) {
                    throw new IllegalArgumentException(placeholder + " means two things in one request");
                }
            });
            return Map.copyOf(all);
        }
    }
}
