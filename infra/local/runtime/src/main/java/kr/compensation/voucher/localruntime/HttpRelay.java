package kr.compensation.voucher.localruntime;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** Passes one request received on loopback on to another server, and its answer back, as a transparent proxy. */
final class HttpRelay {

    /** What Java's HTTP client sets itself and refuses to be given (java.net.http.HttpRequest.Builder#header). */
    private static final Set<String> SET_BY_CLIENT = Set.of("connection", "content-length", "expect", "host",
            "upgrade");
    /** What describes one connection, not the answer: the server of this hop sets its own. */
    private static final Set<String> OF_THE_HOP = Set.of("connection", "content-length", "date", "transfer-encoding",
            "keep-alive", "upgrade");

    private HttpRelay() {
    }

    /** A request to {@code target} with the exchange's method, headers and {@code body}. */
    static HttpRequest.Builder request(URI target, HttpExchange exchange, byte[] body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(target);
        exchange.getRequestHeaders().forEach((name, values) -> {
            if (!SET_BY_CLIENT.contains(name.toLowerCase(Locale.ROOT))) {
                values.forEach(value -> request.header(name, value));
            }
        });
        return request.method(exchange.getRequestMethod(), body.length == 0 ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofByteArray(body));
    }

    /** Answers the exchange with the response's status, headers and body. */
    static void answer(HttpExchange exchange, HttpResponse<byte[]> response) throws IOException {
        response.headers().map().forEach((name, values) -> {
            if (!OF_THE_HOP.contains(name.toLowerCase(Locale.ROOT))) {
                exchange.getResponseHeaders().put(name, List.copyOf(values));
            }
        });
        byte[] answer = response.body();
        exchange.sendResponseHeaders(response.statusCode(), answer.length == 0 ? -1 : answer.length);
        if (answer.length > 0) {
            exchange.getResponseBody().write(answer);
        }
    }
}
