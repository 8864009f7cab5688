package kr.compensation.voucher.localaws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/** Harnesses whose choice of emulator does not depend on the machine or shell the tests run in. */
final class TestEmulators {

    static final Set<String> DATA_IDS = Set.of("EligibilityTable", "IssueRequestQueue", "IssueRequestDeadLetterQueue");
    /** IssueMaxReceiveCount's default in the fixture template. */
    static final int FIXTURE_MAX_RECEIVE_COUNT = 4;

    private static final ObjectMapper JSON = new ObjectMapper();

    private TestEmulators() {}

    /** The machine's environment minus anything that would select another emulator. */
    static UnaryOperator<String> environmentWithout(String... names) {
        Set<String> hidden = Set.of(names);
        return name -> hidden.contains(name) || name.equals("AWS_ENDPOINT_URL") || name.equals("DOCKER_HOST")
                ? null : System.getenv(name);
    }

    static UnaryOperator<String> environmentWith(Map<String, String> overrides) {
        UnaryOperator<String> base = environmentWithout();
        return name -> overrides.containsKey(name) ? overrides.get(name) : base.apply(name);
    }

    static UnaryOperator<String> systemPropertiesWithoutEndpoint() {
        return name -> name.equals("aws.endpointUrl") ? null : System.getProperty(name);
    }

    /** The real probe, looking at a socket that does not exist: what a machine without Docker shows it. */
    static DockerProbe noDocker() {
        return DockerProbe.standard(name -> null, List.of(Path.of("/nonexistent/voucher-test/docker.sock")),
                Duration.ofSeconds(1));
    }

    static Path fixtureTemplate() {
        try {
            return Path.of(TestEmulators.class.getResource("/templates/voucher-shaped.yaml").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A harness that starts its own moto server with the fixture template. */
    static LocalAws.Builder moto() {
        return LocalAws.builder()
                .template(fixtureTemplate())
                .environment(environmentWithout())
                .systemProperties(systemPropertiesWithoutEndpoint())
                .dockerProbe(noDocker());
    }

    static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("Not JSON: " + text, e);
        }
    }

    static JsonNode redrivePolicy(LocalAws aws, String queueUrl) {
        String policy = aws.sqs().getQueueAttributes(r -> r.queueUrl(queueUrl).attributeNames(QueueAttributeName.REDRIVE_POLICY))
                .attributes().get(QueueAttributeName.REDRIVE_POLICY);
        return json(policy);
    }

    static String queueArn(LocalAws aws, String queueUrl) {
        return aws.sqs().getQueueAttributes(r -> r.queueUrl(queueUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes().get(QueueAttributeName.QUEUE_ARN);
    }
}
