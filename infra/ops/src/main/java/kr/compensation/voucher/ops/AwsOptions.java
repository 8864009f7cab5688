package kr.compensation.voucher.ops;

import picocli.CommandLine.Option;

/** Where the tool talks to: AWS (default) or an emulator, by the same rules as the rest of the project. */
public final class AwsOptions {

    @Option(names = "--endpoint-url", paramLabel = "URL",
            description = "Send every AWS request to this endpoint, for the local emulator (moto or LocalStack), "
                    + "e.g. http://127.0.0.1:5055. Default: the AWS_ENDPOINT_URL environment variable if set, "
                    + "else AWS itself. A loopback endpoint is given dummy credentials unless AWS_ACCESS_KEY_ID "
                    + "and AWS_SECRET_ACCESS_KEY are set.")
    String endpointUrl;

    @Option(names = "--region", paramLabel = "REGION", defaultValue = "ap-northeast-2",
            description = "AWS region. Default: ${DEFAULT-VALUE} (Seoul), where the system runs.")
    String region;

    @Option(names = "--profile", paramLabel = "NAME",
            description = "Named profile for credentials (e.g. an IAM Identity Center / SSO profile after "
                    + "'aws sso login'). Default: the AWS default credentials chain, which honours AWS_PROFILE. "
                    + "Use short-lived SSO or role credentials; never long-lived access keys.")
    String profile;

    @Option(names = "--stack", paramLabel = "NAME",
            description = "Read the table name and queue URL from this CloudFormation stack's outputs "
                    + "(EligibilityTableName, IssueRequestQueueUrl) instead of giving --table / --queue-url.")
    String stack;
}
