package kr.compensation.voucher.localaws;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.function.UnaryOperator;

/** The order in which the harness looks for an emulator; free of side effects so it can be unit tested. */
final class EmulatorSelection {

    static final String ENDPOINT_VARIABLE = "AWS_ENDPOINT_URL";
    static final String ENDPOINT_PROPERTY = "aws.endpointUrl";

    /** {@code endpoint} is set only for {@link EmulatorKind#EXTERNAL}; the others get theirs when started. */
    record Choice(EmulatorKind kind, URI endpoint, String reason) {}

    private EmulatorSelection() {}

    static Choice choose(UnaryOperator<String> environment, UnaryOperator<String> systemProperties, DockerProbe docker) {
        // Same precedence as the AWS SDK itself: the system property wins over the environment.
        String property = systemProperties.apply(ENDPOINT_PROPERTY);
        if (isSet(property)) {
            return new Choice(EmulatorKind.EXTERNAL, endpoint(property, "-D" + ENDPOINT_PROPERTY),
                    "-D" + ENDPOINT_PROPERTY + " is set");
        }
        String variable = environment.apply(ENDPOINT_VARIABLE);
        if (isSet(variable)) {
            return new Choice(EmulatorKind.EXTERNAL, endpoint(variable, ENDPOINT_VARIABLE), ENDPOINT_VARIABLE + " is set");
        }
        DockerProbe.Result dockerResult = docker.probe();
        if (dockerResult.available()) {
            return new Choice(EmulatorKind.LOCALSTACK, null, "no " + ENDPOINT_VARIABLE + "; " + dockerResult.reason());
        }
        return new Choice(EmulatorKind.MOTO, null,
                "no " + ENDPOINT_VARIABLE + "; LocalStack skipped: " + dockerResult.reason());
    }

    private static boolean isSet(String value) {
        return value != null && !value.isBlank();
    }

    private static URI endpoint(String value, String source) {
        try {
            URI uri = new URI(value.trim());
            if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
                throw new IllegalArgumentException(source + "=" + value + " is not an http(s) URL of an emulator");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(source + "=" + value + " is not a URL: " + e.getMessage(), e);
        }
    }
}
