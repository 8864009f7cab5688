package kr.compensation.voucher.lookup;

import io.micronaut.context.annotation.Requires;
import io.micronaut.crac.OrderedResource;
import jakarta.inject.Singleton;
import kr.compensation.voucher.lookup.api.LookupApi;
import org.crac.Context;
import org.crac.Resource;

/**
 * SnapStart priming: before the snapshot, run the request path once (see {@link LookupApi#prime()}) so that restored
 * environments start with classes loaded and initialised, the DynamoDB client's marshallers, signer and endpoint
 * rules resolved and TLS code paths warm. Cost per published version: one GetItem of a key that does not exist (one
 * read request unit) and a handful of log lines; no write, no message.
 */
@Singleton
@Requires(env = LookupHandler.ENVIRONMENT)
// Resource is declared again (OrderedResource extends it): the SnapStart scanner checks CRaC hooks only in classes
// that name org.crac.Resource themselves.
public class LookupPriming implements OrderedResource, Resource {

    private final LookupApi api;

    public LookupPriming(LookupApi api) {
        this.api = api;
    }

    @Override
    public void beforeCheckpoint(Context<? extends Resource> context) {
        api.prime();
    }

    @Override
    public void afterRestore(Context<? extends Resource> context) {
        // Nothing to renew: the SDK clients reconnect on their own, and nothing unique was made at init.
    }
}
