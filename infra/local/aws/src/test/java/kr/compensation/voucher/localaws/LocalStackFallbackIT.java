package kr.compensation.voucher.localaws;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Needs the emulator virtualenv and no Docker engine: a probe that wrongly reports one must not break the run. */
class LocalStackFallbackIT {

    @Test
    @DisplayName("when LocalStack cannot start, the harness falls back to moto instead of failing")
    void localStackFailure_fallsBackToMoto() {
        DockerProbe misleading = () -> new DockerProbe.Result(true, "a Docker engine seemed to answer");

        try (LocalAws aws = TestEmulators.moto().dockerProbe(misleading).start()) {
            assertThat(aws.kind()).isEqualTo(EmulatorKind.MOTO);
            assertThat(aws.resources().logicalIds()).containsExactlyInAnyOrderElementsOf(TestEmulators.DATA_IDS);
        }
    }
}
