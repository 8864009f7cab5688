package kr.compensation.voucher.localaws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Needs nothing running: builds repository shapes in a temporary directory. */
class RepositoryLayoutTest {

    @TempDir
    Path repo;

    @Test
    @DisplayName("the root is the nearest directory above the start that holds template.yaml and pom.xml")
    void findRoot_walksUp() throws IOException {
        Files.writeString(repo.resolve("template.yaml"), "Resources: {}\n");
        Files.writeString(repo.resolve("pom.xml"), "<project/>\n");
        Path module = Files.createDirectories(repo.resolve("infra/local/aws"));
        Files.writeString(module.resolve("pom.xml"), "<project/>\n");

        assertThat(RepositoryLayout.findRoot(module, null)).isEqualTo(repo.toAbsolutePath().normalize());
    }

    @Test
    @DisplayName("-Dvoucher.repoRoot overrides the search")
    void findRoot_override() {
        assertThat(RepositoryLayout.findRoot(Path.of("/"), repo.toString())).isEqualTo(repo.toAbsolutePath().normalize());
    }

    @Test
    @DisplayName("without a root above the start, the failure names the property to set")
    void findRoot_missing() {
        assertThatThrownBy(() -> RepositoryLayout.findRoot(repo, null))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("voucher.repoRoot");
    }

    @Test
    @DisplayName("the virtualenv is <root>/.venv/emulator unless VOUCHER_VENV names another")
    void venv_defaultAndOverride() {
        assertThat(RepositoryLayout.venv(repo, name -> null)).isEqualTo(repo.resolve(".venv/emulator"));
        assertThat(RepositoryLayout.venv(repo, Map.of("VOUCHER_VENV", "/opt/emu")::get)).isEqualTo(Path.of("/opt/emu"));
    }

    @Test
    @DisplayName("a missing virtualenv fails with the commands that create it")
    void venvExecutable_missing() {
        assertThatThrownBy(() -> RepositoryLayout.venvExecutable(repo.resolve(".venv/emulator"), "moto_server"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("infra/bin/test-all")
                .hasMessageContaining("infra/bin/run-local")
                .hasMessageContaining("VOUCHER_VENV");
    }
}
