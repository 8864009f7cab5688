package kr.compensation.voucher.reliability.personaldata;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What must never appear in a log line or a table attribute: a raw customer id (the suite's own, which all follow
 * {@link Customers#subject}, the local run's demo subjects, and any id a test registers), a bearer token, a phone
 * number or an e-mail address. The patterns are deliberately broad for this system's output: none of its own values
 * (UUIDs, customer keys, voucher codes, ISO instants, epoch numbers) can match them.
 */
public final class PersonalData {

    /** What kind of personal data a finding is. */
    public enum Kind { CUSTOMER_ID, TOKEN, PHONE_NUMBER, EMAIL }

    /** One match: its kind and the text that matched. */
    public record Finding(Kind kind, String text) {
    }

    private static final Map<Kind, List<Pattern>> PATTERNS = new LinkedHashMap<>();

    static {
        PATTERNS.put(Kind.CUSTOMER_ID, List.of(
                Pattern.compile(Customers.SUBJECT_PATTERN),
                // The local run's demo customers (demo-active-0001, ...).
                Pattern.compile("demo-[a-z-]+-\\d{4}")));
        PATTERNS.put(Kind.TOKEN, List.of(
                // A JWT: base64url of a JSON header ("eyJ" is '{"'), a dot, the payload.
                Pattern.compile("eyJ[A-Za-z0-9_-]{8,}\\.[A-Za-z0-9_-]{8,}"),
                Pattern.compile("(?i)bearer\\s+[A-Za-z0-9._~+/=-]{8,}")));
        PATTERNS.put(Kind.PHONE_NUMBER, List.of(
                // Korean mobile numbers: 010-1234-5678, 01012345678, 011.123.4567
                Pattern.compile("(?<![0-9A-Za-z])01[016789][-. ]?\\d{3,4}[-. ]?\\d{4}(?![0-9A-Za-z])"),
                // Area-code numbers written with dashes: 02-123-4567, 031-1234-5678
                Pattern.compile("(?<![0-9A-Za-z])0[2-6][0-9]?-\\d{3,4}-\\d{4}(?![0-9A-Za-z])"),
                // International form: +82 10-1234-5678, +821012345678
                Pattern.compile("\\+82[-. ]?\\(?0?\\)?[1-9]\\d?[-. ]?\\d{3,4}[-. ]?\\d{4}(?![0-9])")));
        PATTERNS.put(Kind.EMAIL, List.of(
                // Anchored at the start of a run, possessive: linear even on long runs of letters.
                Pattern.compile("(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]++@[A-Za-z0-9-]++(\\.[A-Za-z0-9-]++)*+"
                        + "(?<=\\.[A-Za-z]{2,63})")));
    }

    /** Every pattern in one: most lines match none, and one pass over them is what makes a big scan cheap. */
    private static final Pattern ANY = Pattern.compile(PATTERNS.values().stream().flatMap(List::stream)
            .map(p -> "(?:" + p.pattern() + ")").collect(java.util.stream.Collectors.joining("|")));

    /** Raw ids that do not follow the suite's pattern (e.g. phone-number-like ids a test loads). */
    private static final Set<String> REGISTERED = ConcurrentHashMap.newKeySet();

    private PersonalData() {
    }

    /** Registers a raw customer id that the scans must look for, and returns it. */
    public static String rawId(String id) {
        if (id.length() < 6) {
            // Shorter strings occur by chance in any log; ids of ours are longer.
            throw new IllegalArgumentException("register ids of at least 6 characters");
        }
        REGISTERED.add(id);
        return id;
    }

    public static List<Finding> findings(String text) {
        List<Finding> found = new ArrayList<>();
        for (String id : REGISTERED) {
            if (text.contains(id)) {
                found.add(new Finding(Kind.CUSTOMER_ID, id));
            }
        }
        if (!mayMatch(text) || !ANY.matcher(text).find()) {
            return found;
        }
        PATTERNS.forEach((kind, patterns) -> {
            for (Pattern pattern : patterns) {
                Matcher matcher = pattern.matcher(text);
                while (matcher.find()) {
                    found.add(new Finding(kind, matcher.group()));
                }
            }
        });
        return found;
    }

    /**
     * A cheap first look that no pattern can match without: each one starts with a literal, an '@', or a 0 followed
     * by 1-6 at the start of a number. Most log lines fail it and skip the regular expressions.
     */
    private static boolean mayMatch(String text) {
        if (text.contains("rel-") || text.contains("demo-") || text.contains("eyJ") || text.indexOf('@') >= 0
                || text.contains("+82") || text.toLowerCase(java.util.Locale.ROOT).contains("bearer")) {
            return true;
        }
        for (int i = 0; i + 1 < text.length(); i++) {
            char next = text.charAt(i + 1);
            if (text.charAt(i) == '0' && next >= '1' && next <= '6'
                    && (i == 0 || !Character.isLetterOrDigit(text.charAt(i - 1)))) {
                return true;
            }
        }
        return false;
    }

    /** The text with every finding replaced by its kind, for failure messages that must not repeat the data. */
    public static String masked(String text) {
        String out = text;
        for (Finding finding : findings(text)) {
            out = out.replace(finding.text(), "<" + finding.kind() + ">");
        }
        return out;
    }
}
