package kr.compensation.voucher.localaws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Needs the emulator virtualenv's Python (data_stack.py and the SAM translator); no emulator. */
class DataStackTemplateIT {

    private static final Path PYTHON = RepositoryLayout.venvExecutable(
            RepositoryLayout.venv(RepositoryLayout.findRoot(Path.of(""), System.getProperty(RepositoryLayout.ROOT_PROPERTY)),
                    System::getenv),
            "python");

    private static Path fixture(String name) {
        return TestEmulators.fixtureTemplate().resolveSibling(name);
    }

    @Test
    @DisplayName("a parameter value becomes the default of that parameter in the data template")
    void parameterOverride_becomesDefault() {
        JsonNode template = TestEmulators.json(DataStackTemplate.translate(PYTHON, fixture("voucher-shaped.yaml"),
                "ap-northeast-2", Map.of("IssueMaxReceiveCount", "7", "VoucherAmount", "1")));

        assertThat(template.at("/Parameters/IssueMaxReceiveCount/Default").asText()).isEqualTo("7");
        assertThat(template.at("/Parameters/VoucherAmount").isMissingNode()).as("VoucherAmount is used by functions only").isTrue();
    }

    @Test
    @DisplayName("a table that depends on a resource other than a table or queue is refused, naming that resource")
    void danglingReference_isRefused() {
        assertThatThrownBy(() -> DataStackTemplate.translate(PYTHON, fixture("table-with-kms-key.yaml"), "ap-northeast-2", Map.of()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("TableKey")
                .hasMessageContaining("table-with-kms-key.yaml");
    }

    @Test
    @DisplayName("a missing template is reported with its path")
    void missingTemplate_isReported() {
        assertThatThrownBy(() -> DataStackTemplate.translate(PYTHON, fixture("absent.yaml"), "ap-northeast-2", Map.of()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("absent.yaml");
    }
}
