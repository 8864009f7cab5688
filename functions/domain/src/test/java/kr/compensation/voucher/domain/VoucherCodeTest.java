package kr.compensation.voucher.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

/** Needs nothing running: the code format and its check symbol. */
class VoucherCodeTest {

    /** A valid code whose data symbols are 0..15 of the alphabet in order. */
    private static final VoucherCode COUNTING = VoucherCode.fromSymbols(
            new int[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15});

    @Test
    @DisplayName("a code is four groups of four symbols from the customer-friendly alphabet, the last one followed by its check symbol")
    void fromSymbols_shouldFormatFourGroupsAndACheckSymbol() {
        assertThat(COUNTING.value()).matches("[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{5}");
        assertThat(COUNTING.value()).startsWith("0123-4567-89AB-CDEF");
    }

    @Test
    void alphabet_shouldLeaveOutLettersThatReadAsOtherSymbols() {
        assertThat(VoucherCode.ALPHABET).hasSize(32).doesNotContain("I", "L", "O", "U");
        assertThat(VoucherCode.ALPHABET.chars().distinct().count()).isEqualTo(32);
    }

    @Test
    void randomBits_shouldBeAtLeastEighty() {
        assertThat(VoucherCode.RANDOM_BITS).isGreaterThanOrEqualTo(80);
    }

    @Test
    void isWellFormed_shouldAcceptTheCodesItMakes() {
        assertThat(VoucherCode.isWellFormed(COUNTING.value())).isTrue();
        assertThat(new VoucherCode(COUNTING.value())).isEqualTo(COUNTING);
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {
            "0123-4567-89AB-CDE",       // too short
            "0123-4567-89AB-CDEFXY",    // too long
            "0123-4567-89ab-cdef",      // lower case is not the canonical form
            "0123 4567 89AB CDEF0",     // wrong separators
            "01234-567-89AB-CDEF0",     // separator in the wrong place
            "0123-4567-89AB-CDEI0",     // I is not in the alphabet
            "0123-4567-89AB-CDEU0",     // U is not in the alphabet
    })
    void isWellFormed_shouldRefuseTextThatIsNotACanonicalCode(String candidate) {
        assertThat(VoucherCode.isWellFormed(candidate)).isFalse();
    }

    @Test
    void constructor_shouldRefuseAMalformedCode() {
        assertThatThrownBy(() -> new VoucherCode("0123-4567-89AB-CDEF")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new VoucherCode(null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void fromSymbols_shouldRefuseTheWrongNumberOfSymbols() {
        assertThatThrownBy(() -> VoucherCode.fromSymbols(new int[15])).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    @DisplayName("every single mistyped symbol, check symbol included, is caught by the check symbol")
    void isWellFormed_shouldCatchEverySingleSubstitution() {
        Random random = new Random(7);
        for (int sample = 0; sample < 50; sample++) {
            String code = VoucherCode.fromSymbols(randomSymbols(random)).value();
            for (int position = 0; position < code.length(); position++) {
                if (code.charAt(position) == '-') {
                    continue;
                }
                for (char replacement : VoucherCode.ALPHABET.toCharArray()) {
                    if (replacement == code.charAt(position)) {
                        continue;
                    }
                    String typo = code.substring(0, position) + replacement + code.substring(position + 1);
                    assertThat(VoucherCode.isWellFormed(typo)).as("%s with a typo at %d", code, position).isFalse();
                }
            }
        }
    }

    @Test
    @DisplayName("swapping two different neighbouring symbols is caught, except '0' with 'Z' (Luhn mod 32's one blind spot)")
    void checkSymbol_shouldCatchEverySwapOfNeighboursButZeroWithZ() {
        int[] base = new int[VoucherCode.DATA_SYMBOLS];
        for (int i = 0; i + 1 < base.length; i++) {
            for (int a = 0; a < 32; a++) {
                for (int b = 0; b < 32; b++) {
                    if (a == b) {
                        continue;
                    }
                    int[] original = base.clone();
                    original[i] = a;
                    original[i + 1] = b;
                    int[] swapped = base.clone();
                    swapped[i] = b;
                    swapped[i + 1] = a;
                    boolean caught = VoucherCode.checkSymbol(original) != VoucherCode.checkSymbol(swapped);
                    boolean blindSpot = Math.min(a, b) == 0 && Math.max(a, b) == 31;
                    assertThat(caught).as("swap of %d and %d at %d", a, b, i).isEqualTo(!blindSpot);
                }
            }
        }
    }

    private static int[] randomSymbols(Random random) {
        int[] symbols = new int[VoucherCode.DATA_SYMBOLS];
        for (int i = 0; i < symbols.length; i++) {
            symbols[i] = random.nextInt(32);
        }
        return symbols;
    }
}
