package kr.compensation.voucher.localaws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineTestKit;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Needs the emulator virtualenv; uses the JVM's shared emulator (the fixture template, set by the
 * failsafe configuration). Runs a sample test class through JUnit to watch the extension work.
 */
class LocalAwsExtensionIT {

    @Test
    @DisplayName("a @WithLocalAws class starts on an emptied shared emulator and gets it injected")
    void annotatedClass_startsEmptyAndIsInjected() {
        LocalAws shared = LocalAws.shared();
        shared.dynamoDb().putItem(r -> r.tableName(shared.resources().tableName("EligibilityTable"))
                .item(Map.of("pk", AttributeValue.fromS("left-over"))));
        shared.sqs().sendMessage(r -> r.queueUrl(shared.resources().queueUrl("IssueRequestQueue")).messageBody("left-over"));

        var results = EngineTestKit.engine("junit-jupiter").selectors(selectClass(SampleEmulatorTest.class)).execute();

        results.testEvents().assertStatistics(stats -> stats.started(3).succeeded(3));
    }

    @Test
    @DisplayName("close() on the shared emulator is ignored, so later test classes still have it")
    void closeOnShared_isIgnored() {
        LocalAws shared = LocalAws.shared();

        shared.close();

        assertThat(shared.dynamoDb().listTables().tableNames()).contains(shared.resources().tableName("EligibilityTable"));
        assertThat(LocalAws.shared()).isSameAs(shared);
    }

    /** Run only through the test kit above (it is neither @Nested nor named like a test class). */
    @WithLocalAws
    static class SampleEmulatorTest {

        private final LocalAws injected;

        SampleEmulatorTest(LocalAws injected) {
            this.injected = injected;
        }

        @Test
        void constructorAndMethodGetTheSharedEmulator(LocalAws aws) {
            assertThat(injected).isSameAs(LocalAws.shared());
            assertThat(aws).isSameAs(LocalAws.shared());
        }

        @Test
        void tableStartsEmpty(LocalAws aws) {
            assertThat(aws.dynamoDb().scan(r -> r.tableName(aws.resources().tableName("EligibilityTable"))).count()).isZero();
        }

        @Test
        void queueStartsEmpty(LocalAws aws) {
            assertThat(aws.sqs().receiveMessage(r -> r.queueUrl(aws.resources().queueUrl("IssueRequestQueue"))).messages())
                    .isEmpty();
        }
    }
}
