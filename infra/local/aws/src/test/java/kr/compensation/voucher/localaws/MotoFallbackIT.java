package kr.compensation.voucher.localaws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Needs the emulator virtualenv (.venv/emulator); starts moto servers of its own. */
class MotoFallbackIT {

    @Test
    @DisplayName("without AWS_ENDPOINT_URL and without Docker, the harness starts moto on loopback and creates the stack")
    void noEndpointNoDocker_startsMoto() {
        try (LocalAws aws = TestEmulators.moto().start()) {
            assertThat(aws.kind()).isEqualTo(EmulatorKind.MOTO);
            assertThat(aws.endpoint().getHost()).isEqualTo("127.0.0.1");
            assertThat(aws.region().id()).isEqualTo("ap-northeast-2");
            assertThat(aws.dynamoDb().listTables().tableNames()).contains(aws.resources().tableName("EligibilityTable"));
            assertThat(aws.clientEnvironment()).containsEntry("AWS_ENDPOINT_URL", aws.endpoint().toString())
                    .containsEntry("AWS_REGION", "ap-northeast-2");
        }
    }

    @Test
    @DisplayName("close() stops the moto server the harness started")
    void close_stopsMoto() {
        URI endpoint;
        try (LocalAws aws = TestEmulators.moto().start()) {
            endpoint = aws.endpoint();
            assertThat(answers(endpoint)).isTrue();
        }

        assertThat(answers(endpoint)).isFalse();
    }

    @Test
    @DisplayName("a missing virtualenv fails before anything starts, naming the scripts that create it")
    void missingVenv_failsWithBootstrapHint() {
        LocalAws.Builder builder = TestEmulators.moto()
                .environment(TestEmulators.environmentWith(Map.of("VOUCHER_VENV", "/nonexistent/voucher-venv")));

        assertThatThrownBy(builder::start)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("/nonexistent/voucher-venv")
                .hasMessageContaining("infra/bin/test-all");
    }

    private static boolean answers(URI endpoint) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(endpoint.getHost(), endpoint.getPort()), 1000);
            return true;
        } catch (IOException refused) {
            return false;
        }
    }
}
