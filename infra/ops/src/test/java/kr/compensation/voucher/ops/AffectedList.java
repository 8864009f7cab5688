package kr.compensation.voucher.ops;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import kr.compensation.voucher.ops.generate.SyntheticCustomerList;

/** The generator's affected-customer list as the ops tests use it. */
final class AffectedList {

    private AffectedList() {
    }

    /**
     * Writes the list, then its first {@code repeats} valid lines again at the end (customers repeated in the file:
     * skipped, never written twice).
     *
     * @return every valid row, once, in file order
     */
    static List<SyntheticCustomerList.Row> writeWithRepeats(Path file, SyntheticCustomerList generated, int repeats)
            throws IOException {
        List<SyntheticCustomerList.Row> valid = new ArrayList<>();
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            generated.writeTo(out);
            generated.forEachRow(row -> {
                if (row.valid()) {
                    valid.add(row);
                }
            });
            for (SyntheticCustomerList.Row repeat : valid.subList(0, Math.min(repeats, valid.size()))) {
                out.write(repeat.text() + "\n");
            }
        }
        return valid;
    }
}
