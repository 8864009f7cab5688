package kr.compensation.voucher.lookup.api;

/** Languages problems are written in. Korean first: it is the default for a Korean service. */
public enum Language {
    KO("ko"),
    EN("en");

    private final String tag;

    Language(String tag) {
        this.tag = tag;
    }

    /** The BCP 47 tag, as sent in Content-Language. */
    public String tag() {
        return tag;
    }
}
