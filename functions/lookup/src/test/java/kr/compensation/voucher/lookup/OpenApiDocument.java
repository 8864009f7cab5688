package kr.compensation.voucher.lookup;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * docs/api/openapi.yaml as a test oracle: finds the documented response for an operation and status, and checks a
 * real response against it (body against the JSON Schema, 2020-12 with format assertions; required headers present
 * and matching their schema). Unmatched routes ($default) are looked up under {@code x-unmatched-route-responses}.
 */
public final class OpenApiDocument {

    /** A documented response: {@code path} and {@code method} are null for the unmatched-route responses. */
    public record DocumentedResponse(String path, String method, String status) {
    }

    private static final String[] METHODS = {"get", "put", "post", "delete", "options", "head", "patch", "trace"};

    private final JsonNode document;
    private final URI location;
    private final JsonSchemaFactory schemas = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
    private final SchemaValidatorsConfig config = SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build();
    private final Map<String, JsonSchema> compiled = new ConcurrentHashMap<>();

    private OpenApiDocument(JsonNode document, URI location) {
        this.document = document;
        this.location = location;
    }

    /** Reads the document named by the {@code openapi.document} system property (set by the build). */
    public static OpenApiDocument load() {
        String property = System.getProperty("openapi.document");
        Path path = property != null ? Path.of(property) : Path.of("../../docs/api/openapi.yaml");
        try {
            JsonNode document = new ObjectMapper(new YAMLFactory()).readTree(Files.readString(path));
            return new OpenApiDocument(document, path.toAbsolutePath().normalize().toUri());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the OpenAPI document " + path.toAbsolutePath(), e);
        }
    }

    public JsonNode document() {
        return document;
    }

    /**
     * Every response the service itself can give, by operation and status; responses (or all their media types)
     * marked {@code x-emitted-by: api-gateway} are left out, since only API Gateway sends them.
     */
    public Set<DocumentedResponse> serviceResponses() {
        Set<DocumentedResponse> all = new LinkedHashSet<>();
        for (Map.Entry<String, JsonNode> path : document.path("paths").properties()) {
            for (String method : METHODS) {
                JsonNode operation = path.getValue().get(method);
                if (operation == null) {
                    continue;
                }
                operation.path("responses").properties().forEach(response -> {
                    if (fromService(resolve(response.getValue()).node())) {
                        all.add(new DocumentedResponse(path.getKey(), method.toUpperCase(), response.getKey()));
                    }
                });
            }
        }
        document.path("x-unmatched-route-responses").fieldNames()
                .forEachRemaining(status -> all.add(new DocumentedResponse(null, null, status)));
        return all;
    }

    /**
     * Problems with {@code response} measured against the documented one; empty when it conforms.
     *
     * @param path   the served path, or null for a request that matched no operation
     * @param method the HTTP method (ignored when {@code path} is null)
     */
    public List<String> check(String path, String method, int status, Map<String, String> headers, String body) {
        List<String> problems = new ArrayList<>();
        Resolved response = documentedResponse(path, method, Integer.toString(status));
        if (response == null) {
            problems.add("status " + status + " is not documented for " + describe(path, method));
            return problems;
        }
        String contentType = header(headers, "Content-Type");
        if (contentType == null) {
            problems.add("no Content-Type");
            return problems;
        }
        String mediaType = contentType.split(";", 2)[0].trim();
        JsonNode media = response.node().path("content").get(mediaType);
        if (media == null) {
            problems.add("media type " + mediaType + " is not documented for " + status + " on " + describe(path, method));
            return problems;
        }
        String schemaPointer = response.pointer() + "/content/" + escape(mediaType) + "/schema";
        try {
            JsonNode json = new ObjectMapper().readTree(body);
            for (ValidationMessage message : schema(schemaPointer).validate(json)) {
                problems.add("body: " + message.getMessage());
            }
        } catch (IOException e) {
            problems.add("body is not JSON: " + e.getMessage());
        }
        response.node().path("headers").properties().forEach(documented -> {
            Resolved headerSpec = resolve(documented.getValue(), response.pointer() + "/headers/" + escape(documented.getKey()));
            String value = header(headers, documented.getKey());
            if (value == null) {
                if (headerSpec.node().path("required").asBoolean(false)) {
                    problems.add("required header " + documented.getKey() + " is missing");
                }
                return;
            }
            for (ValidationMessage message : schema(headerSpec.pointer() + "/schema").validate(TextNode.valueOf(value))) {
                problems.add("header " + documented.getKey() + ": " + message.getMessage());
            }
        });
        return problems;
    }

    /** Validates any JSON against a schema of the document, e.g. {@code /components/schemas/Eligibility}. */
    public Set<ValidationMessage> validate(String schemaPointer, JsonNode json) {
        return schema(schemaPointer).validate(json);
    }

    private Resolved documentedResponse(String path, String method, String status) {
        JsonNode responses;
        String pointer;
        if (path == null) {
            responses = document.path("x-unmatched-route-responses");
            pointer = "/x-unmatched-route-responses";
        } else {
            String lower = method.toLowerCase();
            responses = document.path("paths").path(path).path(lower).path("responses");
            pointer = "/paths/" + escape(path) + "/" + lower + "/responses";
        }
        JsonNode response = responses.get(status);
        return response == null ? null : resolve(response, pointer + "/" + status);
    }

    private JsonSchema schema(String pointer) {
        return compiled.computeIfAbsent(pointer,
                p -> schemas.getSchema(SchemaLocation.of(location + "#" + p), config));
    }

    private record Resolved(JsonNode node, String pointer) {
    }

    private Resolved resolve(JsonNode node) {
        return resolve(node, null);
    }

    private Resolved resolve(JsonNode node, String pointer) {
        JsonNode current = node;
        String currentPointer = pointer;
        for (int hops = 0; current.has("$ref") && hops < 10; hops++) {
            String ref = current.get("$ref").asText();
            if (!ref.startsWith("#/")) {
                throw new IllegalStateException("only local references are supported: " + ref);
            }
            currentPointer = ref.substring(1);
            current = document.at(currentPointer);
            if (current.isMissingNode()) {
                throw new IllegalStateException("dangling reference " + ref);
            }
        }
        return new Resolved(current, currentPointer);
    }

    private static boolean fromService(JsonNode response) {
        if ("api-gateway".equals(response.path("x-emitted-by").asText())) {
            return false;
        }
        JsonNode content = response.path("content");
        if (content.isEmpty()) {
            return true;
        }
        for (JsonNode media : content) {
            if (!"api-gateway".equals(media.path("x-emitted-by").asText())) {
                return true;
            }
        }
        return false;
    }

    private static String header(Map<String, String> headers, String name) {
        if (headers == null) {
            return null;
        }
        for (Map.Entry<String, String> entry : headers.entrySet()) {
            if (entry.getKey().equalsIgnoreCase(name)) {
                return entry.getValue();
            }
        }
        return null;
    }

    private static String escape(String token) {
        return token.replace("~", "~0").replace("/", "~1");
    }

    private static String describe(String path, String method) {
        return path == null ? "unmatched routes" : method + " " + path;
    }
}
