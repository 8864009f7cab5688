package kr.compensation.voucher.adapters.aws;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.net.URI;
import kr.compensation.voucher.aws.AwsClientSettings;
import org.junit.jupiter.api.Test;

/** Needs nothing running: the SDK warm-up at class load must never send anything anywhere. */
class AwsClientsWarmUpTest {

    @Test
    void warmUp_shouldStopEachOfItsThreeRequestsBeforeTransmissionWithoutRetrying() {
        // The production settings (real AWS endpoints): had anything been sent, the request would have failed
        // otherwise (no network here), not ended in the interceptor.
        assertThat(AwsClients.warmUp(AwsClientSettings.forLambda("ap-northeast-2", null))).isEqualTo(3);
    }

    @Test
    void warmUp_shouldOpenNoConnectionToTheEndpoint() throws IOException {
        try (ServerSocket endpoint = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            URI uri = URI.create("http://127.0.0.1:" + endpoint.getLocalPort());

            assertThat(AwsClients.warmUp(AwsClientSettings.forLambda("ap-northeast-2", uri))).isEqualTo(3);

            endpoint.setSoTimeout(200);
            boolean connected;
            try {
                endpoint.accept().close();
                connected = true;
            } catch (SocketTimeoutException e) {
                connected = false;
            }
            assertThat(connected).as("a connection reached the endpoint").isFalse();
        }
    }

    @Test
    void warmUpInBackground_shouldRunOnADaemonThreadThatEnds() throws InterruptedException {
        Thread thread = AwsClients.warmUpInBackground();

        assertThat(thread.isDaemon()).isTrue();
        thread.join(30_000);
        assertThat(thread.isAlive()).isFalse();
    }
}
