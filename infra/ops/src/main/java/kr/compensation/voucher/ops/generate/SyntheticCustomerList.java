package kr.compensation.voucher.ops.generate;

import java.io.IOException;
import java.io.Writer;
import java.util.HexFormat;
import java.util.SplittableRandom;
import kr.compensation.voucher.domain.AccountState;
import kr.compensation.voucher.domain.IssuerRole;
import kr.compensation.voucher.ops.load.CustomerListParser;
import kr.compensation.voucher.ops.load.InvalidReason;

/**
 * A made-up affected-customer list of any size, the same for the same seed: for the local run, tests and benchmarks.
 * No real customer is in it. Ids are unique (a bijective mix of the row number and seed), customers with a closed
 * account verify their identity instead of signing in, and a chosen share of lines is broken in each of the ways the
 * loader refuses.
 */
public final class SyntheticCustomerList {

    /** Kinds of broken line the generator writes, in turn; each is refused for the named reason. */
    private static final InvalidReason[] BROKEN = {
        InvalidReason.EMPTY_LINE,
        InvalidReason.FIELD_COUNT,
        InvalidReason.MALFORMED_QUOTES,
        InvalidReason.CUSTOMER_ID_BLANK,
        InvalidReason.CUSTOMER_ID_TOO_LONG,
        InvalidReason.CUSTOMER_ID_CONTROL_CHARACTER,
        InvalidReason.CUSTOMER_ID_SURROUNDING_WHITESPACE,
        InvalidReason.UNKNOWN_ISSUER,
        InvalidReason.UNKNOWN_ACCOUNT_STATE,
    };

    private static final HexFormat HEX = HexFormat.of();

    private final long rows;
    private final long seed;
    private final double closedRatio;
    private final double invalidRatio;

    public SyntheticCustomerList(long rows, long seed, double closedRatio, double invalidRatio) {
        if (rows < 0) {
            throw new IllegalArgumentException("rows cannot be negative");
        }
        if (closedRatio < 0 || closedRatio > 1 || invalidRatio < 0 || invalidRatio > 1) {
            throw new IllegalArgumentException("ratios are between 0 and 1");
        }
        this.rows = rows;
        this.seed = seed;
        this.closedRatio = closedRatio;
        this.invalidRatio = invalidRatio;
    }

    /** One generated data line and what the loader must make of it. */
    public record Row(long lineNumber, String text, InvalidReason brokenAs, IssuerRole issuer, String customerId,
                      AccountState accountState) {
        public boolean valid() {
            return brokenAs == null;
        }
    }

    /** Receives rows in order. */
    @FunctionalInterface
    public interface RowSink {
        void accept(Row row) throws IOException;
    }

    /** Produces every data row in order (line 2 onwards: line 1 is the header). */
    public void forEachRow(RowSink sink) throws IOException {
        SplittableRandom random = new SplittableRandom(seed);
        int brokenTurn = 0;
        for (long i = 0; i < rows; i++) {
            long lineNumber = i + 2;
            String id = customerId(i);
            boolean closed = random.nextDouble() < closedRatio;
            AccountState state = closed ? AccountState.CLOSED : AccountState.ACTIVE;
            IssuerRole issuer = closed ? IssuerRole.IDENTITY_VERIFICATION : IssuerRole.SIGN_IN;
            if (random.nextDouble() < invalidRatio) {
                InvalidReason reason = BROKEN[brokenTurn++ % BROKEN.length];
                sink.accept(new Row(lineNumber, broken(reason, id, issuer, state), reason, null, null, null));
            } else {
                sink.accept(new Row(lineNumber, id + "," + issuer.code() + "," + state.name(), null, issuer, id, state));
            }
        }
    }

    /** Writes the header and every row. */
    public void writeTo(Writer out) throws IOException {
        out.write(CustomerListParser.CANONICAL_HEADER);
        out.write('\n');
        forEachRow(row -> {
            out.write(row.text());
            out.write('\n');
        });
    }

    /**
     * Looks like an opaque provider subject, {@code sub-} and 16 hex digits. The mix is a bijection of 64-bit
     * values, so distinct rows never share an id.
     */
    String customerId(long row) {
        long z = row + seed * 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        z = z ^ (z >>> 31);
        return "sub-" + HEX.toHexDigits(z);
    }

    private static String broken(InvalidReason reason, String id, IssuerRole issuer, AccountState state) {
        String issuerCode = issuer.code();
        return switch (reason) {
            case EMPTY_LINE -> "";
            case FIELD_COUNT -> id + "," + issuerCode;
            case MALFORMED_QUOTES -> "\"" + id + "," + issuerCode + "," + state.name();
            case CUSTOMER_ID_BLANK -> "  ," + issuerCode + "," + state.name();
            case CUSTOMER_ID_TOO_LONG -> id + "x".repeat(300) + "," + issuerCode + "," + state.name();
            case CUSTOMER_ID_CONTROL_CHARACTER -> id + "\u0007," + issuerCode + "," + state.name();
            case CUSTOMER_ID_SURROUNDING_WHITESPACE -> " " + id + "," + issuerCode + "," + state.name();
            case UNKNOWN_ISSUER -> id + ",password," + state.name();
            case UNKNOWN_ACCOUNT_STATE -> id + "," + issuerCode + ",SUSPENDED";
            default -> throw new IllegalArgumentException("the generator does not write " + reason);
        };
    }

    public long rows() {
        return rows;
    }
}
