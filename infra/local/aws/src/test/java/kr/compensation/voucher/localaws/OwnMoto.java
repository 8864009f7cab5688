package kr.compensation.voucher.localaws;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A moto server of the test class's own, with the fixture template's data stack, for tests that change the
 * emulator's state in ways the shared one must not see: {@code @RegisterExtension static final OwnMoto moto = ...}.
 */
final class OwnMoto implements BeforeAllCallback, AfterAllCallback {

    private LocalAws aws;

    @Override
    public void beforeAll(ExtensionContext context) {
        aws = TestEmulators.moto().start();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        aws.close();
    }

    LocalAws aws() {
        return aws;
    }
}
