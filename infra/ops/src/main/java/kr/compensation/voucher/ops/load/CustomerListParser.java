package kr.compensation.voucher.ops.load;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import kr.compensation.voucher.domain.AccountState;
import kr.compensation.voucher.domain.IssuerRole;
import kr.compensation.voucher.domain.Principal;

/**
 * Reads lines of the affected-customer list: CSV (RFC 4180 quoting) with a header naming the columns
 * {@code customer_id}, {@code issuer} and {@code account_state} in any order; other columns are ignored.
 *
 * <p>One record per physical line: a customer id never contains a line break (it would be a control character), so
 * a quote left open at the end of a line is an error, not a continuation, and line numbers stay the editor's.
 *
 * <p>Not thread-safe: one reader thread owns it.
 */
public final class CustomerListParser {

    public static final String CUSTOMER_ID = "customer_id";
    public static final String ISSUER = "issuer";
    public static final String ACCOUNT_STATE = "account_state";
    /** The header the generator writes and the README shows. */
    public static final String CANONICAL_HEADER = CUSTOMER_ID + "," + ISSUER + "," + ACCOUNT_STATE;

    private static final char BOM = '\uFEFF';
    private static final char REPLACEMENT = '\uFFFD';

    private final int fieldCount;
    private final int idColumn;
    private final int issuerColumn;
    private final int stateColumn;
    private final String[] fields;

    private CustomerListParser(int fieldCount, int idColumn, int issuerColumn, int stateColumn) {
        this.fieldCount = fieldCount;
        this.idColumn = idColumn;
        this.issuerColumn = issuerColumn;
        this.stateColumn = stateColumn;
        this.fields = new String[fieldCount];
    }

    /**
     * Reads the header line. Names are matched case-insensitively, ignoring surrounding spaces, with spaces or
     * dashes accepted for the underscore ({@code Customer ID} works).
     *
     * @throws InvalidHeaderException when a column is missing or repeated; nothing can be loaded then
     */
    public static CustomerListParser fromHeader(String header) {
        if (header == null) {
            throw new InvalidHeaderException("the file is empty; expected a header: " + CANONICAL_HEADER);
        }
        if (!header.isEmpty() && header.charAt(0) == BOM) {
            header = header.substring(1);
        }
        List<String> names = new ArrayList<>();
        String[] raw = new String[64];
        int count = split(header, raw, raw.length);
        if (count < 0) {
            throw new InvalidHeaderException("the header is not valid CSV; expected: " + CANONICAL_HEADER);
        }
        for (int i = 0; i < count; i++) {
            names.add(raw[i].strip().toLowerCase(Locale.ROOT).replace(' ', '_').replace('-', '_'));
        }
        return new CustomerListParser(count, column(names, CUSTOMER_ID), column(names, ISSUER),
                column(names, ACCOUNT_STATE));
    }

    private static int column(List<String> names, String name) {
        int index = names.indexOf(name);
        if (index < 0) {
            throw new InvalidHeaderException("the header has no " + name + " column; expected: " + CANONICAL_HEADER);
        }
        if (names.lastIndexOf(name) != index) {
            throw new InvalidHeaderException("the header names " + name + " twice");
        }
        return index;
    }

    public CustomerLine parse(long lineNumber, String line) {
        if (line.isEmpty()) {
            return new CustomerLine.Invalid(lineNumber, InvalidReason.EMPTY_LINE);
        }
        if (line.indexOf(REPLACEMENT) >= 0) {
            // The reader decodes with replacement; U+FFFD marks bytes that were not UTF-8.
            return new CustomerLine.Invalid(lineNumber, InvalidReason.INVALID_UTF8);
        }
        int count = split(line, fields, fieldCount);
        if (count == -1) {
            return new CustomerLine.Invalid(lineNumber, InvalidReason.MALFORMED_QUOTES);
        }
        if (count != fieldCount) {
            return new CustomerLine.Invalid(lineNumber, InvalidReason.FIELD_COUNT);
        }
        String id = fields[idColumn];
        InvalidReason idProblem = checkCustomerId(id);
        if (idProblem != null) {
            return new CustomerLine.Invalid(lineNumber, idProblem);
        }
        IssuerRole issuer = issuer(fields[issuerColumn].strip());
        if (issuer == null) {
            return new CustomerLine.Invalid(lineNumber, InvalidReason.UNKNOWN_ISSUER);
        }
        AccountState state = accountState(fields[stateColumn].strip());
        if (state == null) {
            return new CustomerLine.Invalid(lineNumber, InvalidReason.UNKNOWN_ACCOUNT_STATE);
        }
        return new CustomerLine.Valid(lineNumber, issuer, id, state);
    }

    /**
     * The same bounds as {@link Principal}, so that every loaded id can be matched by a sign-in, plus two that catch
     * broken exports: control characters, and whitespace around the id (no provider issues such ids, and a key
     * hashed with a stray space would never match the customer's sign-in).
     */
    static InvalidReason checkCustomerId(String id) {
        if (id.isBlank()) {
            return InvalidReason.CUSTOMER_ID_BLANK;
        }
        if (id.length() > Principal.MAX_SUBJECT_LENGTH) {
            return InvalidReason.CUSTOMER_ID_TOO_LONG;
        }
        for (int i = 0; i < id.length(); i++) {
            if (Character.isISOControl(id.charAt(i))) {
                return InvalidReason.CUSTOMER_ID_CONTROL_CHARACTER;
            }
        }
        if (Character.isWhitespace(id.charAt(0)) || Character.isWhitespace(id.charAt(id.length() - 1))
                || Character.isSpaceChar(id.charAt(0)) || Character.isSpaceChar(id.charAt(id.length() - 1))) {
            return InvalidReason.CUSTOMER_ID_SURROUNDING_WHITESPACE;
        }
        return null;
    }

    private static IssuerRole issuer(String code) {
        // Not IssuerRole.fromCode: it throws, and a stack trace per bad line would slow a bad file's load to a crawl.
        for (IssuerRole role : IssuerRole.values()) {
            if (role.code().equals(code)) {
                return role;
            }
        }
        return null;
    }

    private static AccountState accountState(String value) {
        for (AccountState state : AccountState.values()) {
            if (state.name().equalsIgnoreCase(value)) {
                return state;
            }
        }
        return null;
    }

    /**
     * Splits one CSV line into {@code out}. Returns the number of fields (which may exceed {@code max}: only the
     * first {@code max} are stored), or -1 for malformed quoting.
     */
    static int split(String line, String[] out, int max) {
        int count = 0;
        int length = line.length();
        int position = 0;
        while (true) {
            String field;
            if (position < length && line.charAt(position) == '"') {
                StringBuilder quoted = new StringBuilder();
                int i = position + 1;
                while (true) {
                    if (i >= length) {
                        return -1;
                    }
                    char c = line.charAt(i);
                    if (c == '"') {
                        if (i + 1 < length && line.charAt(i + 1) == '"') {
                            quoted.append('"');
                            i += 2;
                            continue;
                        }
                        i++;
                        break;
                    }
                    quoted.append(c);
                    i++;
                }
                if (i < length && line.charAt(i) != ',') {
                    return -1;
                }
                field = quoted.toString();
                position = i;
            } else {
                int comma = line.indexOf(',', position);
                int end = comma < 0 ? length : comma;
                if (line.indexOf('"', position) >= 0 && line.indexOf('"', position) < end) {
                    // A quote inside an unquoted field is how broken exports look; RFC 4180 forbids it.
                    return -1;
                }
                field = line.substring(position, end);
                position = end;
            }
            if (count < max) {
                out[count] = field;
            }
            count++;
            if (position >= length) {
                return count;
            }
            position++; // past the comma
            if (position == length) {
                // A trailing comma opens one last, empty field.
                if (count < max) {
                    out[count] = "";
                }
                return count + 1;
            }
        }
    }

    /** The header cannot be used; the whole file is refused before anything is written. */
    public static final class InvalidHeaderException extends RuntimeException {
        public InvalidHeaderException(String message) {
            super(message);
        }
    }
}
