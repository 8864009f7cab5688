package kr.compensation.voucher.ops;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import kr.compensation.voucher.localaws.LocalAws;
import kr.compensation.voucher.localaws.WithLocalAws;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Needs the local AWS emulator (infra/local/aws): a stack made of the template's data resources plus the two
 * outputs template.yaml declares for ops, so that --stack is read the way it is in AWS.
 */
@WithLocalAws
class StackLookupIT {

    private static final String STACK = "ops-stack-lookup";
    private LocalAws aws;

    @Test
    void theStackOption_findsTheTableAndQueueByTheirOutputs(LocalAws aws) throws Exception {
        this.aws = aws;
        ObjectNode template = (ObjectNode) new ObjectMapper().readTree(aws.dataStackTemplate());
        ObjectNode outputs = template.putObject("Outputs");
        outputs.putObject(OpsAws.TABLE_OUTPUT).putObject("Value").put("Ref", "EligibilityTable");
        outputs.putObject(OpsAws.QUEUE_OUTPUT).putObject("Value").put("Ref", "IssueRequestQueue");
        aws.cloudFormation().createStack(r -> r.stackName(STACK).templateBody(template.toString()));
        String table = aws.cloudFormation().describeStackResource(r -> r.stackName(STACK)
                .logicalResourceId("EligibilityTable")).stackResourceDetail().physicalResourceId();

        OpsRun run = OpsRun.of(Map.of("AWS_ENDPOINT_URL", aws.endpoint().toString()), List.of(), "reconcile",
                "--stack", STACK, "--json", "--no-progress");

        assertThat(run.exitCode).as(run.toString()).isEqualTo(ExitCode.OK);
        JsonNode report = new ObjectMapper().readTree(run.out);
        assertThat(report.get("table").asText()).isEqualTo(table).isNotEqualTo(
                aws.resources().tableName("EligibilityTable"));
        AwsOptions options = new AwsOptions();
        options.endpointUrl = aws.endpoint().toString();
        options.region = aws.region().id();
        options.stack = STACK;
        try (OpsAws clients = new OpsAws(options, new OpsEnvironment(Map.of(), System.out, System.err, List.of(),
                nanos -> { }, false, false))) {
            assertThat(clients.queueUrl(null)).isEqualTo(aws.cloudFormation().describeStackResource(r -> r
                    .stackName(STACK).logicalResourceId("IssueRequestQueue")).stackResourceDetail()
                    .physicalResourceId());
            assertThat(clients.queueUrl("explicit")).isEqualTo("explicit");
        }
    }

    @Test
    void aStackWithoutTheOutputs_isAConfigurationError(LocalAws aws) {
        this.aws = null;
        OpsRun run = OpsRun.of(Map.of(), List.of(), "reconcile", "--endpoint-url", aws.endpoint().toString(),
                "--stack", aws.stackName(), "--no-progress");

        assertThat(run.exitCode).isEqualTo(ExitCode.ERROR);
        assertThat(run.err).contains("has no output " + OpsAws.TABLE_OUTPUT);
    }

    @AfterEach
    void deleteTheExtraStack() {
        if (aws != null) {
            aws.cloudFormation().deleteStack(r -> r.stackName(STACK));
        }
    }
}
