package kr.compensation.voucher.localaws;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.cloudformation.model.StackResourceSummary;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.sqs.model.Message;

/** Needs the emulator virtualenv; creates the fixture template's data stack in a moto server of its own. */
class DataStackIT {

    @RegisterExtension
    static final OwnMoto MOTO = new OwnMoto();

    private final LocalAws aws = MOTO.aws();

    @Test
    @DisplayName("the data stack holds exactly the table and the two queues, nothing the SAM transform made for functions or APIs")
    void dataStack_holdsOnlyTableAndQueues() {
        Map<String, String> typesInEmulator = aws.cloudFormation()
                .listStackResourcesPaginator(r -> r.stackName(aws.stackName())).stackResourceSummaries().stream()
                .collect(Collectors.toMap(StackResourceSummary::logicalResourceId, StackResourceSummary::resourceType));

        assertThat(typesInEmulator).containsOnly(
                Map.entry("EligibilityTable", "AWS::DynamoDB::Table"),
                Map.entry("IssueRequestQueue", "AWS::SQS::Queue"),
                Map.entry("IssueRequestDeadLetterQueue", "AWS::SQS::Queue"));
        assertThat(aws.resources().logicalIds()).containsExactlyInAnyOrderElementsOf(TestEmulators.DATA_IDS);
    }

    @Test
    @DisplayName("the translated template keeps only the parameters and conditions the data resources use")
    void dataTemplate_keepsOnlyWhatDataUses() {
        JsonNode template = TestEmulators.json(aws.dataStackTemplate());

        Map<String, String> types = new HashMap<>();
        template.get("Resources").properties().forEach(e -> types.put(e.getKey(), e.getValue().get("Type").asText()));
        assertThat(types).containsOnlyKeys(TestEmulators.DATA_IDS);
        assertThat(aws.dataStackTemplate()).doesNotContain("AWS::Lambda", "AWS::Serverless", "AWS::ApiGatewayV2", "AWS::IAM");
        assertThat(fieldNames(template.get("Parameters"))).containsExactlyInAnyOrder("Stage", "IssueMaxReceiveCount");
        assertThat(fieldNames(template.get("Conditions"))).containsExactly("IsProd");
        assertThat(template.has("Transform")).isFalse();
        assertThat(template.has("Globals")).isFalse();
    }

    @Test
    @DisplayName("the table's key schema is the template's: partition key pk of type S, no sort key")
    void table_hasTheTemplatesKeySchema() {
        TableDescription table = aws.dynamoDb()
                .describeTable(r -> r.tableName(aws.resources().tableName("EligibilityTable"))).table();

        assertThat(table.keySchema()).containsExactly(
                KeySchemaElement.builder().attributeName("pk").keyType(KeyType.HASH).build());
        assertThat(table.attributeDefinitions()).containsExactly(
                AttributeDefinition.builder().attributeName("pk").attributeType(ScalarAttributeType.S).build());
    }

    @Test
    @DisplayName("the issue-request queue redrives to the dead-letter queue after the parameter's maxReceiveCount")
    void queue_redrivesToDeadLetterQueue() {
        String queueUrl = aws.resources().queueUrl("IssueRequestQueue");
        String deadLetterUrl = aws.resources().queueUrl("IssueRequestDeadLetterQueue");

        JsonNode policy = TestEmulators.redrivePolicy(aws, queueUrl);

        assertThat(policy.get("deadLetterTargetArn").asText()).isEqualTo(TestEmulators.queueArn(aws, deadLetterUrl));
        assertThat(policy.get("maxReceiveCount").asInt()).isEqualTo(TestEmulators.FIXTURE_MAX_RECEIVE_COUNT);
    }

    @Test
    @DisplayName("a message received maxReceiveCount times without being deleted lands in the dead-letter queue")
    void unprocessedMessage_movesToDeadLetterQueue() {
        String queueUrl = aws.resources().queueUrl("IssueRequestQueue");
        String deadLetterUrl = aws.resources().queueUrl("IssueRequestDeadLetterQueue");
        aws.sqs().sendMessage(r -> r.queueUrl(queueUrl).messageBody("{\"claim\":\"redrive-probe\"}"));

        for (int delivery = 1; delivery <= TestEmulators.FIXTURE_MAX_RECEIVE_COUNT; delivery++) {
            // Visibility 0 returns the message to the queue at once, like a consumer that failed it.
            List<Message> received = aws.sqs().receiveMessage(r -> r.queueUrl(queueUrl).visibilityTimeout(0)).messages();
            assertThat(received).as("delivery %d", delivery).hasSize(1);
        }
        List<Message> afterLastDelivery = aws.sqs().receiveMessage(r -> r.queueUrl(queueUrl).visibilityTimeout(0)).messages();
        List<Message> deadLetters = aws.sqs().receiveMessage(r -> r.queueUrl(deadLetterUrl)).messages();

        assertThat(afterLastDelivery).isEmpty();
        assertThat(deadLetters).extracting(Message::body).containsExactly("{\"claim\":\"redrive-probe\"}");
    }

    private static List<String> fieldNames(JsonNode node) {
        return node.properties().stream().map(Map.Entry::getKey).toList();
    }
}
