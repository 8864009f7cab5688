package kr.compensation.voucher.localaws;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * The template's tables and queues as a plain CloudFormation template, made by data_stack.py in the
 * emulator virtualenv (the SAM translator is Python). The script travels inside this jar and is fed
 * to the interpreter on stdin, so the harness works from any module and from the local-run jar.
 */
final class DataStackTemplate {

    private static final String SCRIPT = "data_stack.py";
    private static final long TIMEOUT_SECONDS = 120;

    private DataStackTemplate() {}

    static String translate(Path python, Path template, String region, Map<String, String> parameters) {
        if (!Files.isRegularFile(template)) {
            throw new IllegalStateException("Template " + template + " does not exist");
        }
        List<String> command = new ArrayList<>(List.of(python.toString(), "-", template.toString()));
        parameters.forEach((key, value) -> {
            command.add("--parameter");
            command.add(key + "=" + value);
        });
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().put("AWS_DEFAULT_REGION", region);
        // Only the virtualenv's packages: a user-site translator of another version must not leak in.
        builder.environment().put("PYTHONNOUSERSITE", "1");
        try (ExecutorService readers = Executors.newVirtualThreadPerTaskExecutor()) {
            Process process = builder.start();
            Future<byte[]> stdout = readers.submit(() -> readAll(process.getInputStream()));
            Future<byte[]> stderr = readers.submit(() -> readAll(process.getErrorStream()));
            try (OutputStream stdin = process.getOutputStream(); InputStream script = script()) {
                script.transferTo(stdin);
            } catch (IOException brokenPipe) {
                // The interpreter quit before reading the script; its stderr below says why.
            }
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(SCRIPT + " did not finish within " + TIMEOUT_SECONDS + " s");
            }
            String errors = new String(stderr.get(), StandardCharsets.UTF_8).strip();
            if (process.exitValue() != 0) {
                throw new IllegalStateException("Cannot derive the data stack from " + template + " (exit "
                        + process.exitValue() + "): " + errors);
            }
            return new String(stdout.get(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot run " + python, e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("Cannot read the output of " + SCRIPT, e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while running " + SCRIPT, e);
        }
    }

    private static InputStream script() {
        InputStream script = DataStackTemplate.class.getResourceAsStream(SCRIPT);
        if (script == null) {
            throw new IllegalStateException(SCRIPT + " is missing from the classpath next to " + DataStackTemplate.class);
        }
        return script;
    }

    private static byte[] readAll(InputStream stream) throws IOException {
        try (stream; ByteArrayOutputStream buffer = new ByteArrayOutputStream()) {
            stream.transferTo(buffer);
            return buffer.toByteArray();
        }
    }
}
