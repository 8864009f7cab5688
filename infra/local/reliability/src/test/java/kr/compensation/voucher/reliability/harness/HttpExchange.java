package kr.compensation.voucher.reliability.harness;

import java.util.Locale;
import java.util.Map;

/**
 * One answer of the API over HTTP: status, headers (lower-case names, values joined with commas) and body.
 */
public record HttpExchange(int status, Map<String, String> headers, String body) {

    public String header(String name) {
        return headers.get(name.toLowerCase(Locale.ROOT));
    }
}
