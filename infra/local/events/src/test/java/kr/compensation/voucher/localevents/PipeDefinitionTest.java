package kr.compensation.voucher.localevents;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Nothing running: reads the voucher pipe from the repository's own template.yaml. */
class PipeDefinitionTest {

    private static Path template() {
        Path dir = Path.of("").toAbsolutePath();
        while (!Files.exists(dir.resolve("template.yaml"))) {
            dir = dir.getParent();
        }
        return dir.resolve("template.yaml");
    }

    @Test
    void theVoucherPipe_isReadFromTheTemplate() {
        PipeDefinition pipe = PipeDefinition.read(template(), LocalVoucherEventPipe.VOUCHER_EVENT_PIPE, "s1");
        assertThat(pipe.pipeName()).isEqualTo("s1-voucher-issued");
        assertThat(pipe.tableLogicalId()).isEqualTo("EligibilityTable");
        assertThat(pipe.deadLetterLogicalId()).isEqualTo("VoucherEventDeadLetterQueue");
        assertThat(pipe.source()).isEqualTo("kr.compensation.voucher");
        assertThat(pipe.detailType()).isEqualTo("VoucherIssued");
        assertThat(pipe.startingPosition()).isEqualTo("TRIM_HORIZON");
        assertThat(pipe.filters()).hasSize(1);
        assertThat(pipe.inputTemplate()).contains("<$.dynamodb.NewImage.voucherCode.S>");
        assertThat(pipe.maximumRetryAttempts()).isPositive();
    }
}
