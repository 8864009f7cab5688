package kr.compensation.voucher.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@link CannedAws} in a JVM of its own, so that a benchmark's CPU time and allocation counts are the handler's and
 * not the stub's. {@link #main} prints the endpoint and serves until its standard input closes, so it never outlives
 * the process that started it.
 */
public final class CannedAwsProcess implements AutoCloseable {

    private static final String READY = "CANNED-AWS ";

    private final Process process;
    private final URI endpoint;

    private CannedAwsProcess(Process process, URI endpoint) {
        this.process = process;
        this.endpoint = endpoint;
    }

    public static CannedAwsProcess start() throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        Process process = new ProcessBuilder(List.of(java, "-Xmx128m", "-XX:+UseSerialGC",
                "-cp", System.getProperty("java.class.path"), CannedAwsProcess.class.getName()))
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        String line;
        while ((line = out.readLine()) != null) {
            if (line.startsWith(READY)) {
                return new CannedAwsProcess(process, URI.create(line.substring(READY.length()).trim()));
            }
        }
        process.destroyForcibly();
        throw new IOException("the canned AWS stub did not start");
    }

    public URI endpoint() {
        return endpoint;
    }

    @Override
    public void close() {
        try {
            process.getOutputStream().close();
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (IOException | InterruptedException e) {
            process.destroyForcibly();
        }
    }

    public static void main(String[] args) throws IOException {
        try (CannedAws aws = CannedAws.start()) {
            System.out.println(READY + aws.endpoint());
            System.out.flush();
            // Serve until the parent closes our standard input (or dies).
            System.in.transferTo(java.io.OutputStream.nullOutputStream());
        }
    }
}
