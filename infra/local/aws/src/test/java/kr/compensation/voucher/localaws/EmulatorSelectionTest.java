package kr.compensation.voucher.localaws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Needs nothing running: the environment, system properties and Docker are injected. */
class EmulatorSelectionTest {

    private static final UnaryOperator<String> NOTHING_SET = name -> null;
    private final AtomicInteger dockerProbes = new AtomicInteger();

    private DockerProbe docker(boolean available) {
        return () -> {
            dockerProbes.incrementAndGet();
            return new DockerProbe.Result(available, available ? "engine answers at /var/run/docker.sock" : "no engine here");
        };
    }

    private static UnaryOperator<String> of(Map<String, String> values) {
        return values::get;
    }

    @Test
    @DisplayName("AWS_ENDPOINT_URL selects that external emulator without probing Docker")
    void endpointVariable_selectsExternal() {
        var choice = EmulatorSelection.choose(of(Map.of("AWS_ENDPOINT_URL", "http://127.0.0.1:4566")), NOTHING_SET, docker(true));

        assertThat(choice.kind()).isEqualTo(EmulatorKind.EXTERNAL);
        assertThat(choice.endpoint()).isEqualTo(URI.create("http://127.0.0.1:4566"));
        assertThat(choice.reason()).contains("AWS_ENDPOINT_URL");
        assertThat(dockerProbes).hasValue(0);
    }

    @Test
    @DisplayName("-Daws.endpointUrl wins over AWS_ENDPOINT_URL, as in the AWS SDK")
    void endpointProperty_winsOverVariable() {
        var choice = EmulatorSelection.choose(of(Map.of("AWS_ENDPOINT_URL", "http://127.0.0.1:4566")),
                of(Map.of("aws.endpointUrl", "http://localhost:5000")), docker(false));

        assertThat(choice.kind()).isEqualTo(EmulatorKind.EXTERNAL);
        assertThat(choice.endpoint()).isEqualTo(URI.create("http://localhost:5000"));
        assertThat(choice.reason()).contains("aws.endpointUrl");
    }

    @Test
    @DisplayName("a blank AWS_ENDPOINT_URL counts as unset")
    void blankEndpoint_isIgnored() {
        var choice = EmulatorSelection.choose(of(Map.of("AWS_ENDPOINT_URL", "  ")), NOTHING_SET, docker(false));

        assertThat(choice.kind()).isEqualTo(EmulatorKind.MOTO);
    }

    @Test
    @DisplayName("an AWS_ENDPOINT_URL that is not an http(s) URL is refused with its value in the message")
    void malformedEndpoint_isRefused() {
        assertThatThrownBy(() -> EmulatorSelection.choose(of(Map.of("AWS_ENDPOINT_URL", "127.0.0.1:4566")), NOTHING_SET, docker(false)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("AWS_ENDPOINT_URL=127.0.0.1:4566");
    }

    @Test
    @DisplayName("without an endpoint, an answering Docker engine selects LocalStack")
    void dockerAvailable_selectsLocalStack() {
        var choice = EmulatorSelection.choose(NOTHING_SET, NOTHING_SET, docker(true));

        assertThat(choice.kind()).isEqualTo(EmulatorKind.LOCALSTACK);
        assertThat(choice.endpoint()).isNull();
        assertThat(choice.reason()).contains("engine answers");
    }

    @Test
    @DisplayName("without an endpoint or Docker, LocalStack steps aside for moto and the reason says why")
    void noDocker_selectsMoto() {
        var choice = EmulatorSelection.choose(NOTHING_SET, NOTHING_SET, docker(false));

        assertThat(choice.kind()).isEqualTo(EmulatorKind.MOTO);
        assertThat(choice.reason()).contains("LocalStack skipped").contains("no engine here");
        assertThat(dockerProbes).hasValue(1);
    }
}
