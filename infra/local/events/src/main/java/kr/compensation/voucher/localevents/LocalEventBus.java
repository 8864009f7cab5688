package kr.compensation.voucher.localevents;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The local stand-in of the stack's custom event bus: every event put on it is appended as one JSON line to a file
 * (the record a developer watches with {@code tail -f} and {@code voucher-ops reconcile --events} reads; emptied
 * when the bus starts) and logged
 * in one line. The envelope is EventBridge's
 * (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-events-structure.html): version "0", a version 4 UUID
 * id, detail-type, source, account, time (to the second, as EventBridge writes it), region, resources, detail.
 * There are no rules and no targets: the file is what a rule with an archive-like pattern would see.
 */
public final class LocalEventBus implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LocalEventBus.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path file;
    private final BufferedWriter writer;
    private final String account;
    private final String region;

    public LocalEventBus(Path file, String account, String region) throws IOException {
        this.file = file;
        this.account = account;
        this.region = region;
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        // One bus record per run: the emulator starts empty, so events of an earlier run name vouchers that no
        // longer exist and would only confuse `voucher-ops reconcile --events`.
        this.writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE);
    }

    public Path file() {
        return file;
    }

    /** Puts one event; returns its envelope as written. Durable in the file (flushed) when this returns. */
    public synchronized ObjectNode put(String source, String detailType, JsonNode detail) throws IOException {
        ObjectNode event = JSON.createObjectNode();
        event.put("version", "0");
        event.put("id", UUID.randomUUID().toString());
        event.put("detail-type", detailType);
        event.put("source", source);
        event.put("account", account);
        event.put("time", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
        event.put("region", region);
        event.putArray("resources");
        event.set("detail", detail);
        writer.write(JSON.writeValueAsString(event));
        writer.newLine();
        writer.flush();
        // A voucher code is a bearer value: the log shows its last symbols only, as voucher-ops does.
        JsonNode code = detail.get("voucherCode");
        LOG.info("local bus: {} {} delivered{}", detailType, event.get("id").asText(),
                code != null && code.isTextual() ? " (voucher ..." + last(code.asText(), 4) + ")" : "");
        return event;
    }

    private static String last(String value, int n) {
        return value.length() <= n ? value : value.substring(value.length() - n);
    }

    @Override
    public synchronized void close() throws IOException {
        writer.close();
    }
}
