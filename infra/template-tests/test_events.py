"""The VoucherIssued outbox: the table's stream, the pipe's filter and detail, its retries, roles and archive.

The filter and the input template are checked by what they do to stream records shaped as the grant and the
other writes of functions/adapters produce them (DynamoDbEligibilityRepository), and the detail against the
published schema in docs/events/.
"""

import json
import re

import jsonschema  # installed with the SAM CLI pinned in infra/requirements/tools.txt
import pytest
from samtranslator.yaml_helper import yaml_parse

from conftest import REPO_ROOT

SCHEMA = json.loads((REPO_ROOT / "docs/events/voucher-issued.schema.json").read_text(encoding="utf-8"))
ITEM_MAPPER = (
    REPO_ROOT / "functions/adapters/src/main/java/kr/compensation/voucher/adapters/dynamodb/EligibilityItem.java"
).read_text(encoding="utf-8")
CUSTOMER_KEY = "q3Jv0mYb1cXo2WlR8sTt5uVn7aBcDeFgHiJkLmNoPq4"  # 43 symbols of base64url, as CustomerKeyHasher gives

LOADED = {"pk": {"S": CUSTOMER_KEY}, "eligible": {"BOOL": True}, "accountState": {"S": "ACTIVE"}}
CLAIMED = dict(LOADED, claimRequestedAt={"S": "2027-01-15T00:00:01.123Z"})
ISSUED = dict(
    CLAIMED,
    voucherCode={"S": "X808-BXHM-8W6X-67H8C"},
    voucherAmount={"N": "50000"},
    voucherCurrency={"S": "KRW"},
    issuedAt={"S": "2027-01-15T00:00:02.871Z"},
    expiresAt={"S": "2028-01-15T00:00:02.871Z"},
    issueSource={"S": "CUSTOMER_CLAIM"},
    issueRequestId={"S": "5b0d5a8e-2f0e-4a55-9d1f-3c8a40c1e7d2"},
)


def stream_record(event_name, old=None, new=None):
    """A record as the pipe receives it from a DynamoDB stream (eb-pipes-dynamodb.html, "Example event")."""
    dynamodb = {
        "ApproximateCreationDateTime": 1799971202,
        "Keys": {"pk": {"S": CUSTOMER_KEY}},
        "SequenceNumber": "111",
        "SizeBytes": 26,
        "StreamViewType": "NEW_AND_OLD_IMAGES",
    }
    if old is not None:
        dynamodb["OldImage"] = old
    if new is not None:
        dynamodb["NewImage"] = new
    return {
        "eventID": "c8a2e1f04b7d4e0e9f1a2b3c4d5e6f70",
        "eventName": event_name,
        "eventVersion": "1.1",
        "eventSource": "aws:dynamodb",
        "awsRegion": "ap-northeast-2",
        "dynamodb": dynamodb,
        "eventSourceARN": "arn:aws:dynamodb:ap-northeast-2:123456789012:table/t/stream/2027-01-01T00:00:00.000",
    }


def matches(pattern, event):
    """EventBridge pattern matching, for the operators the pipe's filter uses (exact values and exists)."""
    for key, rule in pattern.items():
        present = isinstance(event, dict) and key in event
        value = event.get(key) if present else None
        if isinstance(rule, dict):
            if not matches(rule, value if isinstance(value, dict) else {}):
                return False
            continue
        if not any(
            (alternative.get("exists") == present) if isinstance(alternative, dict) else (present and value == alternative)
            for alternative in rule
        ):
            return False
    return True


PLACEHOLDER = re.compile(r"<\$\.([A-Za-z0-9_.]+)>")


def render(template, record):
    """The pipe's input transformation: each <$.path> replaced by the value at that path (all inside quotes)."""

    def value(match):
        node = record
        for part in match.group(1).split("."):
            node = node[part]
        return json.dumps(node)[1:-1]  # a string placed between the template's own quotes

    return json.loads(PLACEHOLDER.sub(value, template))


@pytest.fixture(scope="module")
def pipe(template):
    return template["Resources"]["VoucherEventPipe"]["Properties"]


@pytest.fixture(scope="module")
def pattern(pipe):
    (only,) = pipe["SourceParameters"]["FilterCriteria"]["Filters"]
    return json.loads(only["Pattern"])


def test_the_table_streams_every_change_with_the_item_before_and_after_it(template):
    stream = template["Resources"]["EligibilityTable"]["Properties"]["StreamSpecification"]
    assert stream == {"StreamViewType": "NEW_AND_OLD_IMAGES"}


def test_the_pipe_reads_the_table_stream_and_puts_voucher_issued_on_the_stack_bus(pipe):
    assert pipe["Source"] == {"Fn::GetAtt": ["EligibilityTable", "StreamArn"]}
    assert pipe["Target"] == {"Fn::GetAtt": ["VoucherEventBus", "Arn"]}
    assert pipe["RoleArn"] == {"Fn::GetAtt": ["VoucherEventPipeRole", "Arn"]}
    assert pipe["TargetParameters"]["EventBridgeEventBusParameters"] == {
        "Source": "kr.compensation.voucher",
        "DetailType": "VoucherIssued",
    }


def test_a_grant_matches_the_filter(pattern):
    assert matches(pattern, stream_record("MODIFY", old=CLAIMED, new=ISSUED))
    # An item written with its voucher already on it (e.g. a restore) is a voucher appearing too.
    assert matches(pattern, stream_record("INSERT", new=ISSUED))


@pytest.mark.parametrize(
    "record",
    [
        stream_record("INSERT", new=LOADED),  # the list is loaded
        stream_record("MODIFY", old=LOADED, new=CLAIMED),  # a claim is recorded, no voucher yet
        stream_record("MODIFY", old=CLAIMED, new=LOADED),  # a claim whose request could not be queued is undone
        stream_record("MODIFY", old=ISSUED, new=dict(ISSUED, accountState={"S": "CLOSED"})),  # a later change
        stream_record("REMOVE", old=ISSUED),  # an item removed
    ],
    ids=["load", "claim", "undo-claim", "change-after-issue", "remove"],
)
def test_no_other_change_matches_the_filter(pattern, record):
    assert not matches(pattern, record)


def test_the_detail_of_a_grant_validates_against_the_published_schema(pipe):
    detail = render(pipe["TargetParameters"]["InputTemplate"], stream_record("MODIFY", old=CLAIMED, new=ISSUED))
    jsonschema.Draft202012Validator(SCHEMA, format_checker=jsonschema.FormatChecker()).validate(detail)
    assert detail == {
        "schemaVersion": "1",
        "voucherCode": "X808-BXHM-8W6X-67H8C",
        "amount": "50000",
        "currency": "KRW",
        "issuedAt": "2027-01-15T00:00:02.871Z",
        "expiresAt": "2028-01-15T00:00:02.871Z",
        "issueSource": "CUSTOMER_CLAIM",
        "issueRequestId": "5b0d5a8e-2f0e-4a55-9d1f-3c8a40c1e7d2",
        "customerKey": CUSTOMER_KEY,
        "streamRecordId": "c8a2e1f04b7d4e0e9f1a2b3c4d5e6f70",
    }


def test_the_schema_requires_every_field_the_template_fills(pipe):
    template_fields = set(json.loads(PLACEHOLDER.sub("x", pipe["TargetParameters"]["InputTemplate"])))
    assert template_fields == set(SCHEMA["required"])


def test_every_item_attribute_the_detail_reads_is_one_the_adapter_writes(pipe):
    # A renamed attribute in EligibilityItem would otherwise leave the pipe copying nothing.
    written = set(re.findall(r'public static final String \w+ = "(\w+)";', ITEM_MAPPER))
    read = {path.split(".")[2] for path in PLACEHOLDER.findall(pipe["TargetParameters"]["InputTemplate"])
            if path.startswith("dynamodb.")}
    assert read and read <= written
    filtered = set(pattern_attributes(pipe))
    assert filtered and filtered <= written


def pattern_attributes(pipe):
    (only,) = pipe["SourceParameters"]["FilterCriteria"]["Filters"]
    for image in json.loads(only["Pattern"])["dynamodb"].values():
        yield from image


def test_the_detail_holds_no_personal_data(pipe):
    # Only the keyed hash of the customer: nothing the template copies is a raw id, phone or name.
    paths = PLACEHOLDER.findall(pipe["TargetParameters"]["InputTemplate"])
    assert "dynamodb.Keys.pk.S" in paths
    assert all(path == "eventID" or path.startswith("dynamodb.NewImage.") or path == "dynamodb.Keys.pk.S"
               for path in paths)


def test_a_failing_batch_is_retried_a_bounded_number_of_times_then_dead_lettered(pipe):
    stream = pipe["SourceParameters"]["DynamoDBStreamParameters"]
    assert stream["StartingPosition"] == "TRIM_HORIZON"
    assert stream["OnPartialBatchItemFailure"] == "AUTOMATIC_BISECT"
    assert 0 < stream["MaximumRetryAttempts"] <= 10000
    assert stream["DeadLetterConfig"] == {"Arn": {"Fn::GetAtt": ["VoucherEventDeadLetterQueue", "Arn"]}}


def test_the_pipe_dead_letter_queue_is_encrypted_and_keeps_messages_14_days(template):
    queue = template["Resources"]["VoucherEventDeadLetterQueue"]["Properties"]
    assert queue["SqsManagedSseEnabled"] is True
    assert queue["MessageRetentionPeriod"] == 14 * 24 * 3600


def test_the_pipe_role_reads_only_this_stream_and_writes_only_this_bus_and_queue(template):
    from test_permissions import granted

    stream = {"Fn::GetAtt": ["EligibilityTable", "StreamArn"]}
    assert granted(template, "VoucherEventPipeRole") == {
        "dynamodb:DescribeStream": [stream],
        "dynamodb:GetRecords": [stream],
        "dynamodb:GetShardIterator": [stream],
        "dynamodb:ListStreams": [{"Fn::Sub": "${EligibilityTable.Arn}/stream/*"}],
        "events:PutEvents": [{"Fn::GetAtt": ["VoucherEventBus", "Arn"]}],
        "sqs:SendMessage": [{"Fn::GetAtt": ["VoucherEventDeadLetterQueue", "Arn"]}],
    }


def test_only_this_stacks_pipe_may_assume_the_pipe_role(template, pipe):
    (statement,) = template["Resources"]["VoucherEventPipeRole"]["Properties"]["AssumeRolePolicyDocument"]["Statement"]
    assert statement["Principal"] == {"Service": "pipes.amazonaws.com"}
    condition = statement["Condition"]["StringEquals"]
    assert condition["aws:SourceAccount"] == {"Ref": "AWS::AccountId"}
    assert condition["aws:SourceArn"]["Fn::Sub"].endswith(":pipe/" + pipe["Name"]["Fn::Sub"])


def test_the_archive_keeps_every_voucher_event_of_the_bus_indefinitely(template, pipe):
    archive = template["Resources"]["VoucherEventArchive"]["Properties"]
    assert archive["SourceArn"] == {"Fn::GetAtt": ["VoucherEventBus", "Arn"]}
    bus_parameters = pipe["TargetParameters"]["EventBridgeEventBusParameters"]
    assert archive["EventPattern"] == {"source": [bus_parameters["Source"]], "detail-type": [bus_parameters["DetailType"]]}
    assert archive["RetentionDays"] == 0


def test_the_example_consumer_rule_matches_what_the_pipe_puts(pipe):
    example = yaml_parse((REPO_ROOT / "docs/events/example-consumer-rule.yaml").read_text(encoding="utf-8"))
    (rule,) = example["Resources"].values()
    bus_parameters = pipe["TargetParameters"]["EventBridgeEventBusParameters"]
    event = {
        "source": bus_parameters["Source"],
        "detail-type": bus_parameters["DetailType"],
        "detail": render(pipe["TargetParameters"]["InputTemplate"], stream_record("MODIFY", old=CLAIMED, new=ISSUED)),
    }
    assert matches(rule["Properties"]["EventPattern"], event)
    assert rule["Properties"]["Targets"][0]["DeadLetterConfig"]


def test_the_example_event_in_the_contract_validates_against_the_schema():
    readme = (REPO_ROOT / "docs/events/README.md").read_text(encoding="utf-8")
    (example,) = re.findall(r"```json\n(.*?)```", readme, re.S)
    event = json.loads(example)
    jsonschema.Draft202012Validator(SCHEMA, format_checker=jsonschema.FormatChecker()).validate(event["detail"])
    assert (event["source"], event["detail-type"]) == ("kr.compensation.voucher", "VoucherIssued")
