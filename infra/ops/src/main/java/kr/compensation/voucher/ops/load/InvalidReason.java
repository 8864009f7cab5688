package kr.compensation.voucher.ops.load;

/**
 * Why a line of the affected-customer list was refused. Reports name the line number and this reason only: the line
 * itself holds a customer id, which never leaves the file.
 */
public enum InvalidReason {
    EMPTY_LINE("the line is empty"),
    FIELD_COUNT("wrong number of fields for the header"),
    MALFORMED_QUOTES("a quoted field is not closed, or text follows its closing quote"),
    INVALID_UTF8("the line is not valid UTF-8"),
    CUSTOMER_ID_BLANK("the customer id is blank"),
    CUSTOMER_ID_TOO_LONG("the customer id is longer than 256 characters"),
    CUSTOMER_ID_CONTROL_CHARACTER("the customer id contains a control character"),
    CUSTOMER_ID_SURROUNDING_WHITESPACE("the customer id starts or ends with whitespace"),
    UNKNOWN_ISSUER("the issuer is neither sign-in nor identity-verification"),
    UNKNOWN_ACCOUNT_STATE("the account state is neither ACTIVE nor CLOSED");

    private final String description;

    InvalidReason(String description) {
        this.description = description;
    }

    public String description() {
        return description;
    }
}
