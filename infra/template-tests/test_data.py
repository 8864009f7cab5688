"""The table and the queues: keys, encryption, recovery, and the path of a failing issue request."""

import pytest


def test_the_eligibility_table_is_keyed_by_pk_alone_and_billed_on_demand(template):
    table = template["Resources"]["EligibilityTable"]["Properties"]
    assert table["KeySchema"] == [{"AttributeName": "pk", "KeyType": "HASH"}]
    assert table["AttributeDefinitions"] == [{"AttributeName": "pk", "AttributeType": "S"}]
    assert table["BillingMode"] == "PAY_PER_REQUEST"


def test_the_eligibility_table_survives_stack_deletion_and_replacement(template):
    table = template["Resources"]["EligibilityTable"]
    assert table["DeletionPolicy"] == "Retain"
    assert table["UpdateReplacePolicy"] == "Retain"
    assert table["Properties"]["DeletionProtectionEnabled"] == {"Fn::If": ["IsProd", True, False]}


def test_the_eligibility_table_is_encrypted_with_kms_and_recoverable_to_a_point_in_time(template):
    table = template["Resources"]["EligibilityTable"]["Properties"]
    assert table["SSESpecification"] == {"SSEEnabled": True, "SSEType": "KMS"}
    assert table["PointInTimeRecoverySpecification"] == {"PointInTimeRecoveryEnabled": True}


def test_the_eligibility_table_is_warmed_to_the_configured_throughput(template):
    warm = template["Resources"]["EligibilityTable"]["Properties"]["WarmThroughput"]
    assert warm == {
        "ReadUnitsPerSecond": {"Ref": "TableWarmReads"},
        "WriteUnitsPerSecond": {"Ref": "TableWarmWrites"},
    }


@pytest.mark.parametrize("queue_id", ["IssueRequestQueue", "IssueRequestDeadLetterQueue"])
def test_both_queues_are_encrypted_at_rest(template, queue_id):
    assert template["Resources"][queue_id]["Properties"]["SqsManagedSseEnabled"] is True


def test_a_request_that_keeps_failing_moves_to_the_dead_letter_queue(template):
    redrive = template["Resources"]["IssueRequestQueue"]["Properties"]["RedrivePolicy"]
    assert redrive["deadLetterTargetArn"] == {"Fn::GetAtt": ["IssueRequestDeadLetterQueue", "Arn"]}
    assert redrive["maxReceiveCount"] == {"Ref": "DlqMaxReceiveCount"}


def test_only_the_issue_request_queue_may_use_the_dead_letter_queue(template):
    resources = template["Resources"]
    allow = resources["IssueRequestDeadLetterQueue"]["Properties"]["RedriveAllowPolicy"]
    assert allow["redrivePermission"] == "byQueue"
    source_name = resources["IssueRequestQueue"]["Properties"]["QueueName"]["Fn::Sub"]
    (source_arn,) = allow["sourceQueueArns"]
    assert source_arn["Fn::Sub"].endswith(":" + source_name)


def test_the_dead_letter_queue_keeps_messages_longer_than_the_source_queue(template):
    resources = template["Resources"]
    source = resources["IssueRequestQueue"]["Properties"]["MessageRetentionPeriod"]
    dead_letter = resources["IssueRequestDeadLetterQueue"]["Properties"]["MessageRetentionPeriod"]
    assert source == 4 * 24 * 3600
    assert dead_letter == 14 * 24 * 3600


def test_a_message_is_not_redelivered_while_a_retrying_batch_may_still_run(expanded):
    # AWS guidance for SQS event sources: visibility timeout >= 6 x function timeout + batching window.
    resources = expanded["Resources"]
    visibility = resources["IssueRequestQueue"]["Properties"]["VisibilityTimeout"]
    timeout = resources["IssuerFunction"]["Properties"]["Timeout"]
    window = resources["IssuerFunctionIssueRequests"]["Properties"].get("MaximumBatchingWindowInSeconds", 0)
    assert visibility >= 6 * timeout + window
