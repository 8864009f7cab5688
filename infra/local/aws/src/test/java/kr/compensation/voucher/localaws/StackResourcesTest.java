package kr.compensation.voucher.localaws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Needs nothing running. */
class StackResourcesTest {

    private final StackResources resources = new StackResources("voucher-test", Map.of(
            "EligibilityTable", new StackResources.Resource(StackResources.TABLE, "voucher-test-EligibilityTable-X1", null),
            "IssueRequestQueue", new StackResources.Resource(StackResources.QUEUE,
                    "https://sqs.ap-northeast-2.amazonaws.com/123456789012/voucher-test-issue-requests",
                    "http://127.0.0.1:5000/123456789012/voucher-test-issue-requests")));

    @Test
    @DisplayName("names are looked up by the template's logical ids")
    void lookupByLogicalId() {
        assertThat(resources.tableName("EligibilityTable")).isEqualTo("voucher-test-EligibilityTable-X1");
        assertThat(resources.queueUrl("IssueRequestQueue")).isEqualTo("http://127.0.0.1:5000/123456789012/voucher-test-issue-requests");
        assertThat(resources.type("IssueRequestQueue")).isEqualTo("AWS::SQS::Queue");
    }

    @Test
    @DisplayName("asking a queue for a table name is refused with both types in the message")
    void wrongType() {
        assertThatThrownBy(() -> resources.tableName("IssueRequestQueue"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("AWS::SQS::Queue")
                .hasMessageContaining("AWS::DynamoDB::Table");
    }

    @Test
    @DisplayName("an unknown logical id is refused with the ids that exist")
    void unknownId() {
        assertThatThrownBy(() -> resources.queueUrl("IssueRequestQueueTypo"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("IssueRequestQueueTypo")
                .hasMessageContaining("EligibilityTable");
    }
}
