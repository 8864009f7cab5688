package kr.compensation.voucher.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.function.Predicate;

/**
 * Headless Chromium driven through chromedriver's W3C WebDriver HTTP interface (https://www.w3.org/TR/webdriver2/),
 * the few commands the page tests need; no client library. Debian's packages: {@code chromium}, {@code chromium-driver}.
 */
final class Chromium implements AutoCloseable {

    static final Path BROWSER = Path.of("/usr/bin/chromium");
    static final Path DRIVER = Path.of("/usr/bin/chromedriver");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ELEMENT = "element-6066-11e4-a52e-4f735466cecf";

    private final Process driver;
    private final Path profile;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;
    private final String session;

    static boolean installed() {
        return Files.isExecutable(BROWSER) && Files.isExecutable(DRIVER);
    }

    /** A phone-sized viewport (390 x 844 CSS pixels at twice the density) whose browser prefers {@code languages} (e.g. "ko-KR,ko"). */
    Chromium(String languages) throws IOException, InterruptedException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        driver = new ProcessBuilder(DRIVER.toString(), "--port=" + port, "--allowed-ips=127.0.0.1")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        base = "http://127.0.0.1:" + port;
        profile = Files.createTempDirectory("chromium-profile");
        Instant deadline = Instant.now().plusSeconds(20);
        while (true) {
            try {
                if (send("GET", "/status", null).path("ready").asBoolean()) {
                    break;
                }
            } catch (IOException notYet) {
                // chromedriver is still starting
            }
            if (Instant.now().isAfter(deadline)) {
                throw new IOException("chromedriver did not start");
            }
            Thread.sleep(100);
        }
        ObjectNode options = JSON.createObjectNode().put("binary", BROWSER.toString());
        // Without these, Chromium in a container refuses connections or calls home; nothing may leave loopback.
        for (String arg : List.of("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--hide-scrollbars", "--window-size=500,900",
                "--lang=" + languages.split(",")[0], "--user-data-dir=" + profile)) {
            options.withArray("args").add(arg);
        }
        options.putObject("prefs").put("intl.accept_languages", languages);
        // A phone's viewport: headless windows are at least 500 pixels wide, so the width is emulated.
        options.putObject("mobileEmulation").putObject("deviceMetrics").put("width", 390).put("height", 844)
                .put("pixelRatio", 2.0).put("mobile", true).put("touch", true);
        ObjectNode capabilities = JSON.createObjectNode();
        capabilities.putObject("capabilities").putObject("alwaysMatch").put("browserName", "chrome")
                .set("goog:chromeOptions", options);
        session = send("POST", "/session", capabilities).path("sessionId").asText();
    }

    void open(String url) throws IOException {
        command("POST", "/url", JSON.createObjectNode().put("url", url));
    }

    void reload() throws IOException {
        command("POST", "/refresh", JSON.createObjectNode());
    }

    void click(String css) throws IOException {
        command("POST", "/element/" + element(css) + "/click", JSON.createObjectNode());
    }

    String text(String css) throws IOException {
        return command("GET", "/element/" + element(css) + "/text", null).asText();
    }

    /** Whether the element exists and is rendered; false also while a page is loading. */
    boolean displayed(String css) {
        try {
            return script("const e = document.querySelector(arguments[0]); return !!e && e.offsetParent !== null;", css)
                    .asBoolean();
        } catch (IOException e) {
            return false;
        }
    }

    JsonNode script(String script, Object... args) throws IOException {
        ObjectNode body = JSON.createObjectNode().put("script", script);
        var list = body.putArray("args");
        for (Object arg : args) {
            list.addPOJO(arg);
        }
        return command("POST", "/execute/sync", body);
    }

    /** Waits for the page to satisfy {@code condition}, checking every 100 ms. */
    void await(String what, Duration timeout, Predicate<Chromium> condition) throws IOException, InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        while (!condition.test(this)) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("timed out waiting for " + what + "; the page shows view "
                        + script("return document.getElementById('main') && document.getElementById('main').dataset.view")
                        + " at " + script("return location.href"));
            }
            Thread.sleep(100);
        }
    }

    /** The page's view (data-view of main), or null on another page. */
    String view() {
        try {
            JsonNode value = script("const m = document.getElementById('main'); return m ? m.dataset.view : null;");
            return value.isNull() ? null : value.asText();
        } catch (IOException e) {
            return null;
        }
    }

    void awaitView(String view) throws IOException, InterruptedException {
        await("view " + view, Duration.ofSeconds(30), c -> view.equals(c.view()));
    }

    /** Every URL the page has loaded (Resource Timing), the document itself included. */
    List<String> loadedUrls() throws IOException {
        List<String> urls = new ArrayList<>();
        script("return [location.href].concat(performance.getEntriesByType('resource').map(e => e.name));")
                .forEach(n -> urls.add(n.asText()));
        return urls;
    }

    void screenshot(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        Files.write(file, Base64.getDecoder().decode(command("GET", "/screenshot", null).asText()));
    }

    private String element(String css) throws IOException {
        ObjectNode query = JSON.createObjectNode().put("using", "css selector").put("value", css);
        return command("POST", "/element", query).path(ELEMENT).asText();
    }

    private JsonNode command(String method, String path, JsonNode body) throws IOException {
        return send(method, "/session/" + session + path, body);
    }

    private JsonNode send(String method, String path, JsonNode body) throws IOException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
                .build();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        JsonNode value = JSON.readTree(response.body()).path("value");
        if (response.statusCode() != 200) {
            throw new IOException("WebDriver " + method + " " + path + " failed: " + response.body());
        }
        return value;
    }

    @Override
    public void close() throws IOException {
        try {
            if (session != null) {
                send("DELETE", "/session/" + session, null);
            }
        } finally {
            driver.destroy();
            try (var files = Files.walk(profile)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
