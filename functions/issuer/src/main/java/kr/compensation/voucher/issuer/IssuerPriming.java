package kr.compensation.voucher.issuer;

import io.micronaut.context.annotation.Requires;
import io.micronaut.crac.OrderedResource;
import jakarta.inject.Singleton;
import org.crac.Context;
import org.crac.Resource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SnapStart priming: before the snapshot, run the grant path once (see {@link IssueBatchProcessor#prime()}) so that
 * restored environments start with the codec, the code generator's SecureRandom provider, and the DynamoDB client's
 * marshallers, signer, endpoint rules, HTTP connection code and error unmarshalling loaded and initialised.
 *
 * <p>Cost per published version: one conditional UpdateItem on a key no customer can have; the condition fails, so
 * nothing is written, and it consumes one write request unit. It needs only dynamodb:UpdateItem, which the issuer's
 * role already has. Nothing made here is kept: codes are drawn afresh per message after restore.
 */
@Singleton
@Requires(env = IssuerHandler.ENVIRONMENT)
// Resource is declared again (OrderedResource extends it): the SnapStart scanner checks CRaC hooks only in classes
// that name org.crac.Resource themselves.
public class IssuerPriming implements OrderedResource, Resource {

    private static final Logger LOG = LoggerFactory.getLogger(IssuerPriming.class);

    private final IssueBatchProcessor processor;

    public IssuerPriming(IssueBatchProcessor processor) {
        this.processor = processor;
    }

    @Override
    public void beforeCheckpoint(Context<? extends Resource> context) {
        try {
            MessageOutcome outcome = processor.prime();
            if (outcome != MessageOutcome.REJECTED_NOT_ELIGIBLE) {
                LOG.error("priming got {} for the priming key; expected REJECTED_NOT_ELIGIBLE", outcome);
            }
        } catch (RuntimeException e) {
            // A snapshot without warm clients is slower on its first message, not wrong: never block the deployment.
            LOG.warn("priming failed; the snapshot is taken without a warm DynamoDB client", e);
        }
    }

    @Override
    public void afterRestore(Context<? extends Resource> context) {
        // Nothing to renew: the SDK client reconnects on its own, and nothing unique was made at init.
    }
}
