package kr.compensation.voucher.localruntime;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The command line and the environment a function's runtime process gets, as Lambda's java21 runtime sets them.
 * Each rule names the AWS page it copies; what cannot be the same here is listed in the module README.
 */
final class LambdaProcess {

    /** The runtime interface client's entry point (Lambda's java21 runtime starts the same class). */
    static final String RUNTIME_MAIN = "com.amazonaws.services.lambda.runtime.api.client.AWSLambda";
    static final String INITIALIZATION_TYPE = "AWS_LAMBDA_INITIALIZATION_TYPE";

    private LambdaProcess() {
    }

    /**
     * The JVM's options.
     *
     * <ul>
     *   <li>Tiered compilation stops at level 1 and the serial collector is the default for Java 17 and 21 (AWS Lambda
     *       Developer Guide, "Customize Java runtime startup behavior":
     *       https://docs.aws.amazon.com/lambda/latest/dg/java-customization.html).</li>
     *   <li>{@code org.crac.Core.Compat} makes the {@code org.crac} API the function registers its SnapStart hooks
     *       with delegate to the runtime interface client's own CRaC context (package
     *       {@code com.amazonaws.services.lambda.crac}), whose hooks the client runs around the restore step: the
     *       {@code org.crac} library reads that property (org.crac.Core), and Lambda's java runtimes start the JVM
     *       with it. {@code java.io} is opened to the client, which reaches into {@code FileDescriptor} for its
     *       telemetry log sink.</li>
     *   <li>The function's memory is the JVM's physical memory: in Lambda the execution environment has
     *       {@code MemorySize} of RAM (AWS Lambda Developer Guide, "Configure Lambda function memory":
     *       https://docs.aws.amazon.com/lambda/latest/dg/configuration-memory.html), so the JVM sizes its heap from
     *       that; {@code -XX:MaxRAM} tells the local JVM the same.</li>
     * </ul>
     * {@code JAVA_TOOL_OPTIONS} in the function's environment, which Lambda supports for more options, is read by
     * the JVM itself.
     */
    static List<String> command(RuntimeFiles files, FunctionConfiguration function) {
        List<String> command = new ArrayList<>();
        command.add(files.java().toString());
        command.add("-XX:+TieredCompilation");
        command.add("-XX:TieredStopAtLevel=1");
        command.add("-XX:+UseSerialGC");
        command.add("-Xshare:auto");
        command.add("-XX:MaxRAM=" + function.memorySizeMb() + "m");
        command.add("-XX:+ErrorFileToStderr");
        command.add("--add-opens=java.base/java.io=ALL-UNNAMED");
        if (Runtime.version().feature() >= 24) {
            // The local JVM is newer than Lambda's 21, which does not warn when the client loads its JNI library.
            command.add("--enable-native-access=ALL-UNNAMED");
        }
        command.add("-Dorg.crac.Core.Compat=com.amazonaws.services.lambda.crac");
        command.add("-Djava.net.preferIPv4Stack=true");
        // Only the runtime's own jars: the client loads the function from LAMBDA_TASK_ROOT (its root and lib/*.jar)
        // with a class loader of its own (CustomerClassLoader), as in Lambda (AWS Lambda Developer Guide, "Deploy
        // Java Lambda functions with .zip or JAR file archives": https://docs.aws.amazon.com/lambda/latest/dg/java-package.html).
        command.add("-classpath");
        command.add(files.runtimeJars().stream().map(Path::toString).collect(Collectors.joining(":")));
        command.add(RUNTIME_MAIN);
        // The emulator takes the command's last argument as the handler and sets _HANDLER from it.
        command.add(function.handler());
        return command;
    }

    /**
     * The runtime's environment: the function's own variables and then the ones Lambda defines, which a function
     * cannot override (AWS Lambda Developer Guide, "Defined runtime environment variables":
     * https://docs.aws.amazon.com/lambda/latest/dg/configuration-envvars.html#configuration-envvars-runtime).
     *
     * @param credentials container credentials for a SnapStart function; for the others the access-key variables
     * @param extra       what the local world adds (the emulator endpoint): see the README
     */
    static Map<String, String> environment(FunctionConfiguration function, Path taskRoot, Path runtimeDir,
                                           String region, CredentialsEndpoint credentials, int environmentIndex,
                                           Map<String, String> extra) {
        Map<String, String> environment = new LinkedHashMap<>(function.environment());
        environment.putAll(extra);
        // Unreserved ones Lambda sets, with its values.
        environment.put("LANG", "en_US.UTF-8");
        environment.put("PATH", "/usr/local/bin:/usr/bin/:/bin:/opt/bin");
        environment.put("TZ", ":UTC");
        // Reserved ones.
        environment.put("_HANDLER", function.handler());
        environment.put("AWS_REGION", region);
        environment.put("AWS_DEFAULT_REGION", region);
        environment.put("AWS_EXECUTION_ENV", "AWS_Lambda_" + function.runtime());
        environment.put("AWS_LAMBDA_FUNCTION_NAME", function.logicalId());
        environment.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", Integer.toString(function.memorySizeMb()));
        // Events target the alias of a published version (AutoPublishAlias); the first one is 1.
        environment.put("AWS_LAMBDA_FUNCTION_VERSION", function.snapStart() ? "1" : "$LATEST");
        environment.put(INITIALIZATION_TYPE, function.snapStart() ? "snap-start" : "on-demand");
        environment.put("AWS_LAMBDA_LOG_GROUP_NAME", "/aws/lambda/" + function.logicalId());
        environment.put("AWS_LAMBDA_LOG_STREAM_NAME", "local/[" + environment.get("AWS_LAMBDA_FUNCTION_VERSION")
                + "]environment-" + environmentIndex);
        // With LoggingConfig.LogFormat JSON, Lambda tells the runtime so (AWS Lambda Developer Guide, "Configuring
        // JSON and plain text log formats": https://docs.aws.amazon.com/lambda/latest/dg/monitoring-cloudwatchlogs-logformat.html).
        if ("JSON".equalsIgnoreCase(function.logFormat())) {
            environment.put("AWS_LAMBDA_LOG_FORMAT", "JSON");
        }
        environment.put("LAMBDA_TASK_ROOT", taskRoot.toString());
        environment.put("LAMBDA_RUNTIME_DIR", runtimeDir.toString());
        if (function.snapStart()) {
            // SnapStart: container credentials and no access-key variables at all (snapstart-activate.html).
            environment.put("AWS_CONTAINER_CREDENTIALS_FULL_URI", credentials.uri().toString());
            environment.put("AWS_CONTAINER_AUTHORIZATION_TOKEN", credentials.token());
        } else {
            environment.put("AWS_ACCESS_KEY_ID", credentials.accessKeyId());
            environment.put("AWS_SECRET_ACCESS_KEY", credentials.secretAccessKey());
            environment.put("AWS_SESSION_TOKEN", credentials.sessionToken());
        }
        return environment;
    }
}
