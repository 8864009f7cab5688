package kr.compensation.voucher.localaws;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cloudformation.model.StackStatus;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Needs the emulator virtualenv. A moto server started by one harness plays the emulator someone
 * else runs; other harnesses reach it through AWS_ENDPOINT_URL.
 */
class ExternalEmulatorIT {

    private static LocalAws owner;

    @BeforeAll
    static void start() {
        owner = TestEmulators.moto().start();
    }

    @AfterAll
    static void stop() {
        owner.close();
    }

    private static LocalAws.Builder external(String stackName) {
        return TestEmulators.moto()
                .environment(TestEmulators.environmentWith(Map.of("AWS_ENDPOINT_URL", owner.endpoint().toString())))
                .stackName(stackName);
    }

    @Test
    @DisplayName("with AWS_ENDPOINT_URL set, the harness uses that emulator and creates its stack there")
    void endpointVariable_usesExternalEmulator() {
        try (LocalAws external = external("voucher-external-a").start()) {
            assertThat(external.kind()).isEqualTo(EmulatorKind.EXTERNAL);
            assertThat(external.endpoint()).isEqualTo(owner.endpoint());
            assertThat(owner.cloudFormation().describeStacks(r -> r.stackName("voucher-external-a")).stacks().getFirst()
                    .stackStatus()).isEqualTo(StackStatus.CREATE_COMPLETE);
            assertThat(owner.dynamoDb().listTables().tableNames())
                    .contains(external.resources().tableName("EligibilityTable"), owner.resources().tableName("EligibilityTable"));
        }
    }

    @Test
    @DisplayName("closing a harness on an external emulator leaves that emulator running")
    void close_leavesExternalEmulatorRunning() {
        external("voucher-external-b").start().close();

        assertThat(owner.dynamoDb().listTables().tableNames()).isNotEmpty();
    }

    @Test
    @DisplayName("a parameter value given to the builder reaches the emulator's stack")
    void parameter_reachesTheStack() {
        try (LocalAws external = external("voucher-external-c").parameter("IssueMaxReceiveCount", "2").start()) {
            assertThat(TestEmulators.redrivePolicy(external, external.resources().queueUrl("IssueRequestQueue"))
                    .get("maxReceiveCount").asInt()).isEqualTo(2);
        }
    }

    @Test
    @DisplayName("reset on an external emulator empties only its own stack's table and queues, keeping their names")
    void reset_emptiesOnlyItsOwnStack() {
        String ownerTable = owner.resources().tableName("EligibilityTable");
        owner.dynamoDb().putItem(r -> r.tableName(ownerTable).item(Map.of("pk", AttributeValue.fromS("owner-item"))));
        try (LocalAws external = external("voucher-external-d").start()) {
            String table = external.resources().tableName("EligibilityTable");
            String queue = external.resources().queueUrl("IssueRequestQueue");
            for (int i = 0; i < 30; i++) {
                String key = "customer-" + i;
                external.dynamoDb().putItem(r -> r.tableName(table).item(Map.of("pk", AttributeValue.fromS(key))));
            }
            external.sqs().sendMessage(r -> r.queueUrl(queue).messageBody("pending"));

            external.reset();

            assertThat(external.resources().tableName("EligibilityTable")).isEqualTo(table);
            assertThat(external.dynamoDb().scan(r -> r.tableName(table)).count()).isZero();
            assertThat(external.sqs().receiveMessage(r -> r.queueUrl(queue)).messages()).isEmpty();
        }
        assertThat(owner.dynamoDb().getItem(r -> r.tableName(ownerTable).key(Map.of("pk", AttributeValue.fromS("owner-item"))))
                .hasItem()).isTrue();
    }

    @Test
    @DisplayName("a second harness on the same external stack reuses it, with its data, when the template is unchanged")
    void unchangedStack_isReusedWithItsData() {
        String table;
        try (LocalAws first = external("voucher-external-e").start()) {
            table = first.resources().tableName("EligibilityTable");
            first.dynamoDb().putItem(r -> r.tableName(table).item(Map.of("pk", AttributeValue.fromS("kept"))));
        }

        try (LocalAws second = external("voucher-external-e").start()) {
            assertThat(second.resources().tableName("EligibilityTable")).isEqualTo(table);
            assertThat(second.dynamoDb().getItem(r -> r.tableName(table).key(Map.of("pk", AttributeValue.fromS("kept"))))
                    .hasItem()).isTrue();
        }
    }
}
