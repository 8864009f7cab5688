"""What operators get: alarms on the failure modes, and outputs to act on by name."""

import pytest

from conftest import resources_of_type

OUTPUTS = {
    "PublicUrl",
    "ApiUrl",
    "EdgeDistributionDomainName",
    "EdgeDistributionId",
    "CustomerPageBucketName",
    "CustomerPageConfig",
    "EligibilityTableName",
    "IssueRequestQueueUrl",
    "IssueRequestDeadLetterQueueUrl",
    "IssuerEventSourceMappingId",
    "AlarmTopicArn",
    "VoucherEventBusName",
    "VoucherEventArchiveName",
    "VoucherEventDeadLetterQueueUrl",
}


def alarm_watching(template, namespace, metric, dimension_value):
    for alarm in resources_of_type(template, "AWS::CloudWatch::Alarm").values():
        properties = alarm["Properties"]
        values = [dimension["Value"] for dimension in properties.get("Dimensions", [])]
        if properties["Namespace"] == namespace and properties["MetricName"] == metric and dimension_value in values:
            return properties
    return None


@pytest.mark.parametrize(
    "namespace, metric, dimension_value",
    [
        ("AWS/SQS", "ApproximateNumberOfMessagesVisible", {"Fn::GetAtt": ["IssueRequestDeadLetterQueue", "QueueName"]}),
        ("AWS/SQS", "ApproximateAgeOfOldestMessage", {"Fn::GetAtt": ["IssueRequestQueue", "QueueName"]}),
        ("AWS/Lambda", "Errors", {"Ref": "LookupFunction"}),
        ("AWS/Lambda", "Throttles", {"Ref": "LookupFunction"}),
        ("AWS/Lambda", "Errors", {"Ref": "IssuerFunction"}),
        ("AWS/Lambda", "Throttles", {"Ref": "IssuerFunction"}),
        ("AWS/ApiGateway", "5xx", {"Ref": "VoucherApi"}),
        ("AWS/ApiGateway", "Latency", {"Ref": "VoucherApi"}),
        ("AWS/SQS", "ApproximateNumberOfMessagesVisible", {"Fn::GetAtt": ["VoucherEventDeadLetterQueue", "QueueName"]}),
        ("AWS/EventBridge/Pipes", "ExecutionFailed", {"Ref": "VoucherEventPipe"}),
    ],
)
def test_an_alarm_watches_each_failure_mode_and_notifies_the_alarm_topic(template, namespace, metric, dimension_value):
    alarm = alarm_watching(template, namespace, metric, dimension_value)
    assert alarm is not None
    assert alarm["AlarmActions"] == [{"Ref": "AlarmTopic"}]


def test_a_single_message_in_the_dead_letter_queue_raises_the_alarm(template):
    alarm = alarm_watching(
        template, "AWS/SQS", "ApproximateNumberOfMessagesVisible",
        {"Fn::GetAtt": ["IssueRequestDeadLetterQueue", "QueueName"]},
    )
    assert alarm["ComparisonOperator"] == "GreaterThanThreshold"
    assert alarm["Threshold"] == 0


def test_api_latency_is_watched_at_the_99th_percentile(template):
    alarm = alarm_watching(template, "AWS/ApiGateway", "Latency", {"Ref": "VoucherApi"})
    assert alarm["ExtendedStatistic"] == "p99"


def test_the_alarm_topic_is_encrypted_with_a_key_cloudwatch_may_use(template):
    resources = template["Resources"]
    topic = resources["AlarmTopic"]["Properties"]
    assert topic["KmsMasterKeyId"] == {"Ref": "AlarmTopicKey"}
    statements = resources["AlarmTopicKey"]["Properties"]["KeyPolicy"]["Statement"]
    assert any(s["Principal"] == {"Service": "cloudwatch.amazonaws.com"} for s in statements)


def test_the_alarm_email_subscription_exists_only_when_an_address_is_given(template):
    subscription = template["Resources"]["AlarmEmailSubscription"]
    assert subscription["Condition"] == "HasAlarmEmail"
    assert template["Parameters"]["AlarmEmail"]["Default"] == ""


def test_every_output_is_described(template):
    outputs = template["Outputs"]
    assert set(outputs) == OUTPUTS
    assert all(output.get("Description") for output in outputs.values())


def test_the_event_source_mapping_output_names_the_mapping_that_feeds_the_issuer(template, expanded):
    mapping_id = template["Outputs"]["IssuerEventSourceMappingId"]["Value"]["Ref"]
    mapping = expanded["Resources"][mapping_id]
    assert mapping["Type"] == "AWS::Lambda::EventSourceMapping"
    assert mapping["Properties"]["EventSourceArn"] == {"Fn::GetAtt": ["IssueRequestQueue", "Arn"]}


def test_the_issuer_reports_failed_messages_one_by_one_and_its_concurrency_is_capped(expanded):
    mapping = expanded["Resources"]["IssuerFunctionIssueRequests"]["Properties"]
    assert mapping["FunctionResponseTypes"] == ["ReportBatchItemFailures"]
    assert mapping["BatchSize"] == 10
    assert mapping["ScalingConfig"] == {"MaximumConcurrency": {"Ref": "IssuerMaxConcurrency"}}
    assert mapping["Enabled"] == {"Fn::If": ["IsIssuanceEnabled", True, False]}
