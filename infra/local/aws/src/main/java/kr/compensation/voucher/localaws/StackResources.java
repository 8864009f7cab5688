package kr.compensation.voucher.localaws;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Physical names of the data stack's resources, looked up by the template's logical ids (for example
 * {@code tableName("EligibilityTable")}). A snapshot: a moto reset recreates the stack, so read it
 * again from {@link LocalAws#resources()} after {@link LocalAws#reset()}.
 */
public final class StackResources {

    static final String TABLE = "AWS::DynamoDB::Table";
    static final String QUEUE = "AWS::SQS::Queue";

    /** {@code queueUrl} is set for queues only. */
    record Resource(String type, String physicalId, String queueUrl) {}

    private final String stackName;
    private final Map<String, Resource> byLogicalId;

    StackResources(String stackName, Map<String, Resource> byLogicalId) {
        this.stackName = stackName;
        this.byLogicalId = Collections.unmodifiableMap(new LinkedHashMap<>(byLogicalId));
    }

    public String stackName() {
        return stackName;
    }

    /** Logical ids of every resource in the data stack. */
    public Set<String> logicalIds() {
        return byLogicalId.keySet();
    }

    /** CloudFormation resource type, e.g. {@code AWS::SQS::Queue}. */
    public String type(String logicalId) {
        return resource(logicalId).type();
    }

    /** The emulator's physical id: a table's name, a queue's URL as CloudFormation reports it. */
    public String physicalId(String logicalId) {
        return resource(logicalId).physicalId();
    }

    public String tableName(String logicalId) {
        return of(logicalId, TABLE).physicalId();
    }

    /** The queue's URL as the emulator's SQS API answers it, usable with {@link LocalAws#sqs()}. */
    public String queueUrl(String logicalId) {
        return of(logicalId, QUEUE).queueUrl();
    }

    List<String> tableNames() {
        return byLogicalId.values().stream().filter(r -> TABLE.equals(r.type())).map(Resource::physicalId).toList();
    }

    List<String> queueUrls() {
        return byLogicalId.values().stream().filter(r -> QUEUE.equals(r.type())).map(Resource::queueUrl).toList();
    }

    private Resource of(String logicalId, String type) {
        Resource resource = resource(logicalId);
        if (!type.equals(resource.type())) {
            throw new IllegalArgumentException(logicalId + " is a " + resource.type() + ", not a " + type);
        }
        return resource;
    }

    private Resource resource(String logicalId) {
        Resource resource = byLogicalId.get(logicalId);
        if (resource == null) {
            throw new IllegalArgumentException("No resource " + logicalId + " in stack " + stackName
                    + "; it has " + byLogicalId.keySet());
        }
        return resource;
    }

    @Override
    public String toString() {
        return "StackResources" + byLogicalId;
    }
}
