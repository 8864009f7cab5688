package kr.compensation.voucher.lookup.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AcceptLanguageTest {

    @ParameterizedTest(name = "[{index}] \"{0}\" -> {1}")
    @DisplayName("quality values decide; specific ranges override *; q=0 rules out; malformed weights are ignored")
    @CsvSource(delimiter = '|', value = {
            "ko | KO",
            "en | EN",
            "en-US | EN",
            "en_US | KO",
            "eng | KO",
            "e | KO",
            "ko-KR,ko;q=0.9,en-US;q=0.8,en;q=0.7 | KO",
            "en-US,en;q=0.9,ko;q=0.8 | EN",
            "ko;q=0.1,en;q=0.2 | EN",
            "ko;q=0.200,en;q=0.2 | KO",
            "en;q=0.5,ko;q=0.5 | EN",
            "en;Q=0.9,ko;q=0.8 | EN",
            "en ; q = 0.9 , ko ; q = 0.8 | EN",
            "en;q=0.9;level=1,ko;q=0.8 | EN",
            "en;level=1;q=0.9,ko;q=0.95 | KO",
            "en;q=1.000 | EN",
            "en;q=1.001 | KO",
            "en;q=0.0001 | KO",
            "en;q=-1 | KO",
            "en;q= | KO",
            "en;q | EN",
            "en;q=0.,ko;q=0 | KO",
            "*;q=0.5,en;q=0.6 | EN",
            "*;q=0.7,en;q=0.6 | KO",
            "*,ko;q=0 | EN",
            "ko;q=0,en;q=0 | KO",
            ",,, | KO",
            ";;; | KO",
            "en-US-x-private | EN",
            "\t en \t | EN"})
    void chooses(String header, Language expected) {
        assertThat(AcceptLanguage.choose(header)).isEqualTo(expected);
    }

    @Test
    @DisplayName("no header, an empty one or a huge one never fails and falls back to Korean")
    void degenerateHeaders() {
        assertThat(AcceptLanguage.choose(null)).isEqualTo(Language.KO);
        assertThat(AcceptLanguage.choose("")).isEqualTo(Language.KO);
        assertThat(AcceptLanguage.choose("fr;q=0.1,".repeat(10_000))).isEqualTo(Language.KO);
        assertThat(AcceptLanguage.choose("en," + "x".repeat(100_000))).isEqualTo(Language.EN);
    }
}
