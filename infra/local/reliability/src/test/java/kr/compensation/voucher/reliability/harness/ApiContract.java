package kr.compensation.voucher.reliability.harness;

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
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * docs/api/openapi.yaml as the judge of what came back over HTTP: is the status documented for the operation (or,
 * for requests that match no operation, under {@code x-unmatched-route-responses}), is the media type documented
 * for it, does the body validate against its JSON Schema (2020-12, formats asserted), are the required headers
 * there and valid. A response outside all of that is "outside the documented shapes".
 */
public final class ApiContract {

    private final JsonNode document;
    private final URI location;
    private final JsonSchemaFactory factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
    private final SchemaValidatorsConfig config = SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build();
    private final Map<String, JsonSchema> schemas = new ConcurrentHashMap<>();
    private final ObjectMapper json = new ObjectMapper();

    private ApiContract(JsonNode document, URI location) {
        this.document = document;
        this.location = location;
    }

    /** The document named by the build's {@code openapi.document} property. */
    public static ApiContract load() {
        Path path = Path.of(System.getProperty("openapi.document", "../../docs/api/openapi.yaml"));
        try {
            return new ApiContract(new ObjectMapper(new YAMLFactory()).readTree(Files.readString(path)),
                    path.toAbsolutePath().normalize().toUri());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path.toAbsolutePath(), e);
        }
    }

    /** True if the method and the raw path name a documented operation exactly, as the gateway matches routes. */
    public boolean isOperation(String method, String rawPath) {
        return document.path("paths").path(rawPath).has(method.toLowerCase(Locale.ROOT));
    }

    /**
     * Every way the response departs from the document; empty when it conforms. A HEAD response is judged on
     * status and headers only, since it has no body by definition.
     */
    public List<String> violations(String method, String rawPath, HttpExchange response) {
        List<String> problems = new ArrayList<>();
        String status = Integer.toString(response.status());
        String pointer = isOperation(method, rawPath)
                ? "/paths/" + escape(rawPath) + "/" + method.toLowerCase(Locale.ROOT) + "/responses/" + status
                : "/x-unmatched-route-responses/" + status;
        JsonNode documented = document.at(pointer);
        if (documented.isMissingNode()) {
            problems.add("status " + status + " is not documented for " + method + " " + describe(method, rawPath));
            return problems;
        }
        pointer = dereference(pointer);
        documented = document.at(pointer);
        String contentType = response.header("content-type");
        boolean head = "HEAD".equalsIgnoreCase(method);
        if (contentType == null) {
            problems.add("no Content-Type");
            return problems;
        }
        String mediaType = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        if (!documented.path("content").has(mediaType)) {
            problems.add("media type " + mediaType + " is not documented for " + status);
            return problems;
        }
        if (!head) {
            try {
                JsonNode body = json.readTree(response.body());
                for (ValidationMessage message : schema(pointer + "/content/" + escape(mediaType) + "/schema")
                        .validate(body)) {
                    problems.add("body: " + message.getMessage());
                }
            } catch (IOException e) {
                problems.add("body is not JSON");
            }
        }
        String headersPointer = pointer + "/headers";
        document.at(headersPointer).properties().forEach(header -> {
            String headerPointer = dereference(headersPointer + "/" + escape(header.getKey()));
            String value = response.header(header.getKey());
            if (value == null) {
                if (document.at(headerPointer).path("required").asBoolean(false)) {
                    problems.add("required header " + header.getKey() + " is missing");
                }
                return;
            }
            for (ValidationMessage message : schema(headerPointer + "/schema").validate(TextNode.valueOf(value))) {
                problems.add("header " + header.getKey() + ": " + message.getMessage());
            }
        });
        return problems;
    }

    private String dereference(String pointer) {
        String current = pointer;
        for (int hops = 0; hops < 10; hops++) {
            JsonNode ref = document.at(current).get("$ref");
            if (ref == null) {
                return current;
            }
            String target = ref.asText();
            if (!target.startsWith("#/")) {
                throw new IllegalStateException("only local references: " + target);
            }
            current = target.substring(1);
        }
        throw new IllegalStateException("reference chain too long at " + pointer);
    }

    private JsonSchema schema(String pointer) {
        return schemas.computeIfAbsent(pointer, p -> factory.getSchema(SchemaLocation.of(location + "#" + p), config));
    }

    private static String escape(String token) {
        return token.replace("~", "~0").replace("/", "~1");
    }

    private String describe(String method, String rawPath) {
        return isOperation(method, rawPath) ? rawPath : "(no such operation: unmatched route)";
    }
}
