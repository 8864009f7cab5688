package kr.compensation.voucher.lookup.api;

import java.util.Map;

/** Status, headers and JSON body of one answer; the header maps are shared and immutable. */
public record ApiResponse(int status, Map<String, String> headers, String body) {
}
