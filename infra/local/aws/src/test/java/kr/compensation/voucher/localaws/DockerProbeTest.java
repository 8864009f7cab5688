package kr.compensation.voucher.localaws;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Needs nothing running: points the probe at sockets that do not exist. */
class DockerProbeTest {

    @Test
    @DisplayName("with DOCKER_HOST unset and no socket file, Docker is reported absent without asking Testcontainers")
    void noSocket_reportsAbsentAtOnce(@TempDir Path dir) {
        Path socket = dir.resolve("docker.sock");
        DockerProbe probe = DockerProbe.standard(name -> null, List.of(socket), Duration.ofMillis(1));

        DockerProbe.Result result = probe.probe();

        assertThat(result.available()).isFalse();
        assertThat(result.reason()).contains("DOCKER_HOST unset").contains(socket.toString());
    }

    @Test
    @DisplayName("the default sockets are the system one and Docker Desktop's")
    void defaultSockets() {
        assertThat(DockerProbe.defaultSockets()).contains(Path.of("/var/run/docker.sock"));
    }
}
