package kr.compensation.voucher.localruntime;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The local stand-in for the Lambda service: runs functions from their {@code sam build} artifacts, each in
 * execution environments of its own (see {@link ExecutionEnvironment}), with the settings template.yaml gives them.
 * Each function gets its own credentials endpoint, as each has its own execution role in the stack.
 */
public final class LocalLambdaRuntime implements AutoCloseable {

    private final RuntimeFiles files;
    private final String region;
    private final Map<String, String> extraEnvironment;
    private final StartedInOrder started = new StartedInOrder();

    /**
     * @param extraEnvironment what the local world adds to every function's environment: the emulator's endpoint
     *                         ({@code AWS_ENDPOINT_URL}), which has no counterpart in AWS (see the README)
     */
    public LocalLambdaRuntime(RuntimeFiles files, String region, Map<String, String> extraEnvironment) {
        this.files = files;
        this.region = region;
        this.extraEnvironment = Map.copyOf(extraEnvironment);
    }

    /** A function whose environments log each line to the SLF4J logger {@code lambda.<logical id>}. */
    public LocalFunction function(FunctionConfiguration configuration, Path artifact, int maxEnvironments) {
        Logger log = LoggerFactory.getLogger("lambda." + configuration.logicalId());
        return function(configuration, artifact, maxEnvironments, log::info);
    }

    public synchronized LocalFunction function(FunctionConfiguration configuration, Path artifact,
                                               int maxEnvironments, Consumer<String> output) {
        return function(configuration, artifact, maxEnvironments, output, credentials());
    }

    /** The function's endpoint is made here so that a test can hold it to what the function fetched. */
    public synchronized LocalFunction function(FunctionConfiguration configuration, Path artifact,
                                               int maxEnvironments, Consumer<String> output,
                                               CredentialsEndpoint credentials) {
        LocalFunction function = new LocalFunction(configuration, files, artifact.toAbsolutePath(), region,
                credentials, extraEnvironment, output, maxEnvironments);
        started.add(function);
        return function;
    }

    private CredentialsEndpoint credentials() {
        try {
            CredentialsEndpoint endpoint = CredentialsEndpoint.start();
            started.add(endpoint);
            return endpoint;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Stops every environment's processes, then the endpoints. */
    @Override
    public void close() {
        started.close();
    }
}
