package kr.compensation.voucher.localaws;

import java.net.URI;
import org.testcontainers.containers.localstack.LocalStackContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * LocalStack in a container. Kept apart from the rest of the harness so that Testcontainers' classes
 * are loaded only when a Docker engine answered.
 */
final class LocalStackEmulator implements AutoCloseable {

    static final String IMAGE_VARIABLE = "LOCALSTACK_IMAGE";
    static final String AUTH_TOKEN_VARIABLE = "LOCALSTACK_AUTH_TOKEN";
    /** The last tag that starts without an auth token; later ones exit with code 55 unless one is set. */
    static final String DEFAULT_IMAGE = "localstack/localstack:4.14.0";

    private final LocalStackContainer container;

    private LocalStackEmulator(LocalStackContainer container) {
        this.container = container;
    }

    static LocalStackEmulator start(String image, String authToken) {
        @SuppressWarnings("resource") // closed by LocalStackEmulator.close(), and by Testcontainers' reaper at exit
        LocalStackContainer container = new LocalStackContainer(
                DockerImageName.parse(image).asCompatibleSubstituteFor("localstack/localstack"));
        if (authToken != null && !authToken.isBlank()) {
            container.withEnv(AUTH_TOKEN_VARIABLE, authToken);
        }
        try {
            container.start();
        } catch (RuntimeException e) {
            container.close();
            throw e;
        }
        return new LocalStackEmulator(container);
    }

    URI endpoint() {
        return container.getEndpoint();
    }

    @Override
    public void close() {
        container.close();
    }
}
