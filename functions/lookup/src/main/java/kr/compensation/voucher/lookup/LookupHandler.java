package kr.compensation.voucher.lookup;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.micronaut.context.ApplicationContext;
import io.micronaut.context.ApplicationContextBuilder;
import io.micronaut.function.aws.MicronautRequestHandler;
import kr.compensation.voucher.lookup.api.LookupApi;

/**
 * Lambda entry point behind the HTTP API (payload format 2.0). Thin on purpose: map the event, hand it to
 * {@link LookupApi}, map the answer back. The API is looked up once here, never per request.
 */
public class LookupHandler extends MicronautRequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {

    private final LookupApi api;

    /** Used by Lambda: configuration from the function's environment. */
    public LookupHandler() {
        super();
        this.api = applicationContext.getBean(LookupApi.class);
    }

    /** Used by tests and the local run, which pass the voucher.* properties themselves. */
    public LookupHandler(ApplicationContextBuilder builder) {
        super(builder);
        this.api = applicationContext.getBean(LookupApi.class);
    }

    public LookupHandler(ApplicationContext context) {
        super(context);
        this.api = applicationContext.getBean(LookupApi.class);
    }

    @Override
    public APIGatewayV2HTTPResponse execute(APIGatewayV2HTTPEvent event) {
        return HttpApiEvents.toResponse(api.handle(HttpApiEvents.toRequest(event)));
    }
}
