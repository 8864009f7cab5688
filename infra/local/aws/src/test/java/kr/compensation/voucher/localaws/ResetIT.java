package kr.compensation.voucher.localaws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.ssm.model.ParameterNotFoundException;
import software.amazon.awssdk.services.ssm.model.ParameterType;

/** Needs the emulator virtualenv; resets a moto server of its own. */
class ResetIT {

    private static final Logger LOG = LoggerFactory.getLogger(ResetIT.class);

    @RegisterExtension
    static final OwnMoto MOTO = new OwnMoto();

    private final LocalAws aws = MOTO.aws();

    @Test
    @DisplayName("reset leaves the table without items, the queues without messages and SSM without parameters")
    void reset_clearsItemsMessagesAndParameters() {
        String table = aws.resources().tableName("EligibilityTable");
        aws.dynamoDb().putItem(r -> r.tableName(table).item(Map.of("pk", AttributeValue.fromS("customer-key-1"))));
        aws.sqs().sendMessage(r -> r.queueUrl(aws.resources().queueUrl("IssueRequestQueue")).messageBody("one"));
        aws.sqs().sendMessage(r -> r.queueUrl(aws.resources().queueUrl("IssueRequestDeadLetterQueue")).messageBody("two"));
        aws.ssm().putParameter(r -> r.name("/voucher/customer-key-pepper").value("pepper").type(ParameterType.SECURE_STRING));

        Duration took = aws.reset();
        LOG.info("moto reset and stack re-creation took {} ms", took.toMillis());

        String tableAfter = aws.resources().tableName("EligibilityTable");
        assertThat(aws.dynamoDb().scan(r -> r.tableName(tableAfter)).count()).isZero();
        assertThat(aws.sqs().receiveMessage(r -> r.queueUrl(aws.resources().queueUrl("IssueRequestQueue"))).messages()).isEmpty();
        assertThat(aws.sqs().receiveMessage(r -> r.queueUrl(aws.resources().queueUrl("IssueRequestDeadLetterQueue"))).messages()).isEmpty();
        assertThatThrownBy(() -> aws.ssm().getParameter(r -> r.name("/voucher/customer-key-pepper")))
                .isInstanceOf(ParameterNotFoundException.class);
    }

    @Test
    @DisplayName("after a reset the stack is complete again, with the template's resources")
    void reset_recreatesTheStack() {
        aws.reset();

        assertThat(aws.resources().logicalIds()).containsExactlyInAnyOrderElementsOf(TestEmulators.DATA_IDS);
        assertThat(aws.dynamoDb().listTables().tableNames()).containsExactly(aws.resources().tableName("EligibilityTable"));
        assertThat(TestEmulators.redrivePolicy(aws, aws.resources().queueUrl("IssueRequestQueue")).get("maxReceiveCount").asInt())
                .isEqualTo(TestEmulators.FIXTURE_MAX_RECEIVE_COUNT);
    }
}
