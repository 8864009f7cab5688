package kr.compensation.voucher.localruntime;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * What the local world takes from template.yaml so that it behaves like the deployed stack without restating it: each
 * function's Lambda settings (handler, runtime, memory, timeout, environment, SnapStart), the HTTP API's routes and
 * which issuer each route's authorizer trusts, parameter defaults, and the issuer function's SQS event settings.
 */
public final class SamTemplate {

    /** One declared route; {@code issuerParameter} names the authorizer's issuer parameter, null for no authorizer. */
    public record Route(String method, String path, String issuerParameter) {
    }

    /** The issuer function's SQS event source, as the template configures it. */
    public record SqsEventSource(int batchSize, Duration maximumBatchingWindow, Duration functionTimeout) {
    }

    private final Map<String, Object> root;

    private SamTemplate(Map<String, Object> root) {
        this.root = root;
    }

    public static SamTemplate read(Path template) throws IOException {
        return new SamTemplate(CloudFormationYaml.read(template));
    }

    /** The routes of a function's HttpApi events, except the {@code $default} catch-all. */
    public List<Route> httpApiRoutes(String functionLogicalId) {
        Map<String, Object> resources = map(root.get("Resources"));
        List<Route> routes = new ArrayList<>();
        for (Map<String, Object> event : events(functionLogicalId, "HttpApi")) {
            Map<String, Object> props = map(event.get("Properties"));
            String path = String.valueOf(props.get("Path"));
            if (path.equals("$default")) {
                continue;
            }
            String method = String.valueOf(props.getOrDefault("Method", "ANY")).toUpperCase(Locale.ROOT);
            Map<String, Object> apiAuth = map(map(map(resources.get(ref(props.get("ApiId")))).get("Properties")).get("Auth"));
            Object authorizer = map(props.get("Auth")).getOrDefault("Authorizer", apiAuth.get("DefaultAuthorizer"));
            String issuerParameter = null;
            if (authorizer != null && !"NONE".equals(authorizer)) {
                Map<String, Object> jwt = map(map(map(apiAuth.get("Authorizers")).get(authorizer)).get("JwtConfiguration"));
                issuerParameter = ref(jwt.get("issuer"));
            }
            routes.add(new Route(method, path, issuerParameter));
        }
        return routes;
    }

    public SqsEventSource sqsEventSource(String functionLogicalId) {
        List<Map<String, Object>> events = events(functionLogicalId, "SQS");
        if (events.size() != 1) {
            throw new IllegalStateException(functionLogicalId + " should have exactly one SQS event");
        }
        Map<String, Object> props = map(events.get(0).get("Properties"));
        int batchSize = ((Number) props.getOrDefault("BatchSize", 10)).intValue();
        int window = ((Number) props.getOrDefault("MaximumBatchingWindowInSeconds", 0)).intValue();
        Object timeout = functionProperty(functionLogicalId, "Timeout");
        return new SqsEventSource(batchSize, Duration.ofSeconds(window),
                Duration.ofSeconds(timeout instanceof Number n ? n.longValue() : 3));
    }

    /**
     * A function's settings as Lambda would get them from this template: its own properties over {@code
     * Globals.Function} (AWS SAM, "Globals section of the AWS SAM template": a function's own value replaces a global
     * one, and environment variables are merged, the function's winning:
     * https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/sam-specification-template-anatomy-globals.html).
     *
     * @param refs the value of each {@code !Ref} in the environment: a resource's name or a parameter's value, as the
     *             local world has them; the only intrinsic function an environment variable may use here
     */
    public FunctionConfiguration function(String logicalId, Function<String, String> refs) {
        Map<String, Object> resource = map(map(root.get("Resources")).get(logicalId));
        if (!"AWS::Serverless::Function".equals(resource.get("Type"))) {
            throw new IllegalStateException("template.yaml has no AWS::Serverless::Function " + logicalId);
        }
        Map<String, String> environment = new LinkedHashMap<>();
        for (Map<String, Object> properties : List.of(map(map(root.get("Globals")).get("Function")),
                map(resource.get("Properties")))) {
            map(map(properties.get("Environment")).get("Variables")).forEach((name, value) ->
                    environment.put(name, environmentValue(logicalId, name, value, refs)));
        }
        Object memory = functionProperty(logicalId, "MemorySize");
        Object timeout = functionProperty(logicalId, "Timeout");
        Object snapStart = map(functionProperty(logicalId, "SnapStart")).get("ApplyOn");
        Object logFormat = map(functionProperty(logicalId, "LoggingConfig")).get("LogFormat");
        return new FunctionConfiguration(logicalId, String.valueOf(functionProperty(logicalId, "Handler")),
                String.valueOf(functionProperty(logicalId, "Runtime")),
                // Lambda's defaults where the template is silent: 128 MB, 3 s (AWS::Lambda::Function reference).
                memory instanceof Number n ? n.intValue() : 128,
                Duration.ofSeconds(timeout instanceof Number n ? n.longValue() : 3),
                environment, "PublishedVersions".equals(snapStart),
                logFormat == null ? "Text" : String.valueOf(logFormat));
    }

    private static String environmentValue(String function, String name, Object value, Function<String, String> refs) {
        if (value instanceof Map<?, ?> m && m.size() == 1 && m.get("Ref") != null) {
            String resolved = refs.apply(String.valueOf(m.get("Ref")));
            if (resolved == null) {
                throw new IllegalStateException(function + " environment " + name + ": nothing locally stands in for !Ref "
                        + m.get("Ref"));
            }
            return resolved;
        }
        if (value instanceof Map<?, ?>) {
            throw new IllegalStateException(function + " environment " + name + ": only !Ref and plain values can be "
                    + "resolved locally, found " + value);
        }
        return String.valueOf(value);
    }

    public Optional<String> parameterDefault(String name) {
        Object value = map(map(root.get("Parameters")).get(name)).get("Default");
        return value == null ? Optional.empty() : Optional.of(String.valueOf(value));
    }

    private Object functionProperty(String functionLogicalId, String property) {
        Object own = map(map(map(root.get("Resources")).get(functionLogicalId)).get("Properties")).get(property);
        return own != null ? own : map(map(root.get("Globals")).get("Function")).get(property);
    }

    private List<Map<String, Object>> events(String functionLogicalId, String type) {
        Map<String, Object> events = map(map(map(map(root.get("Resources")).get(functionLogicalId)).get("Properties"))
                .get("Events"));
        List<Map<String, Object>> matching = new ArrayList<>();
        for (Object value : events.values()) {
            if (type.equals(map(value).get("Type"))) {
                matching.add(map(value));
            }
        }
        return matching;
    }

    private static String ref(Object value) {
        if (value instanceof Map<?, ?> m && m.get("Ref") != null) {
            return String.valueOf(m.get("Ref"));
        }
        throw new IllegalStateException("expected a !Ref in the template, found " + value);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return value instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }
}
