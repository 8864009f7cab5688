package kr.compensation.voucher.localaws;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;

/**
 * Needs the emulator virtualenv. The repository's own template.yaml yields the data stack the rest
 * of the system relies on (the infrastructure contract's logical ids and key schema).
 */
class RepositoryTemplateIT {

    private static LocalAws aws;

    @BeforeAll
    static void start() {
        Path root = RepositoryLayout.findRoot(Path.of(""), System.getProperty(RepositoryLayout.ROOT_PROPERTY));
        aws = TestEmulators.moto().template(root.resolve("template.yaml")).start();
    }

    @AfterAll
    static void stop() {
        aws.close();
    }

    @Test
    @DisplayName("template.yaml's data stack is EligibilityTable, IssueRequestQueue, IssueRequestDeadLetterQueue and "
            + "VoucherEventDeadLetterQueue (the event pipe's), nothing else")
    void dataStack_matchesTheContract() {
        Set<String> expected = new HashSet<>(TestEmulators.DATA_IDS);
        expected.add("VoucherEventDeadLetterQueue");
        assertThat(aws.resources().logicalIds()).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(aws.resources().type("EligibilityTable")).isEqualTo("AWS::DynamoDB::Table");
        assertThat(aws.resources().type("IssueRequestQueue")).isEqualTo("AWS::SQS::Queue");
        assertThat(aws.resources().type("IssueRequestDeadLetterQueue")).isEqualTo("AWS::SQS::Queue");
        assertThat(aws.resources().type("VoucherEventDeadLetterQueue")).isEqualTo("AWS::SQS::Queue");
    }

    @Test
    @DisplayName("EligibilityTable carries the template's stream (NEW_AND_OLD_IMAGES): the event pipe's source, never declared by hand")
    void table_hasTheTemplatesStream() {
        var table = aws.dynamoDb().describeTable(r -> r.tableName(aws.resources().tableName("EligibilityTable"))).table();
        assertThat(table.streamSpecification().streamEnabled()).isTrue();
        assertThat(table.streamSpecification().streamViewTypeAsString()).isEqualTo("NEW_AND_OLD_IMAGES");
        assertThat(table.latestStreamArn()).isNotBlank();
    }

    @Test
    @DisplayName("EligibilityTable has partition key pk and no sort key")
    void table_isKeyedByPkOnly() {
        assertThat(aws.dynamoDb().describeTable(r -> r.tableName(aws.resources().tableName("EligibilityTable"))).table().keySchema())
                .containsExactly(KeySchemaElement.builder().attributeName("pk").keyType(KeyType.HASH).build());
    }

    @Test
    @DisplayName("IssueRequestQueue redrives to IssueRequestDeadLetterQueue after the maxReceiveCount its parameter defaults to")
    void queue_redrivesAfterTheParametersCount() {
        JsonNode template = TestEmulators.json(aws.dataStackTemplate());
        JsonNode declared = template.at("/Resources/IssueRequestQueue/Properties/RedrivePolicy/maxReceiveCount");
        assertThat(declared.has("Ref")).as("maxReceiveCount comes from a parameter").isTrue();
        int parameterDefault = template.at("/Parameters/" + declared.get("Ref").asText() + "/Default").asInt();

        JsonNode policy = TestEmulators.redrivePolicy(aws, aws.resources().queueUrl("IssueRequestQueue"));

        assertThat(policy.get("deadLetterTargetArn").asText())
                .isEqualTo(TestEmulators.queueArn(aws, aws.resources().queueUrl("IssueRequestDeadLetterQueue")));
        assertThat(policy.get("maxReceiveCount").asInt()).isPositive().isEqualTo(parameterDefault);
    }
}
