package kr.compensation.voucher.localaws;

/** Which AWS emulator a {@link LocalAws} talks to. */
public enum EmulatorKind {
    /** An emulator someone else runs, named by {@code AWS_ENDPOINT_URL} or {@code -Daws.endpointUrl}. */
    EXTERNAL,
    /** LocalStack in a container started through Testcontainers (needs a Docker engine). */
    LOCALSTACK,
    /** A moto server process started by the harness from the repository's emulator virtualenv. */
    MOTO
}
