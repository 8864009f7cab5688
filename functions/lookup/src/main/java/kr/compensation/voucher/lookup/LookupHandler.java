package kr.compensation.voucher.lookup;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.micronaut.context.ApplicationContext;
import io.micronaut.context.ApplicationContextBuilder;
import java.util.Optional;
import kr.compensation.voucher.lookup.api.LookupApi;
import kr.compensation.voucher.shell.FunctionHandler;

/**
 * Lambda entry point behind the HTTP API (payload format 2.0). Thin on purpose: map the event, hand it to
 * {@link LookupApi}, map the answer back. The API is looked up once here, never per request.
 */
// RequestHandler is declared again (MicronautRequestHandler implements it) because the SnapStart scanner recognises a
// handler only by its own interfaces; without it the scan would pass without looking at this class or its fields.
public class LookupHandler extends FunctionHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse>
        implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {

    /** The Micronaut environment of this function (see {@link FunctionHandler#environment()}). */
    public static final String ENVIRONMENT = "lookup";

    private final LookupApi api;

    /** Used by Lambda: configuration from the function's environment. */
    public LookupHandler() {
        super();
        this.api = applicationContext.getBean(LookupApi.class);
    }

    /** Used by tests and the local run, which pass the voucher.* properties themselves. */
    public LookupHandler(ApplicationContextBuilder builder) {
        super(builder, ENVIRONMENT);
        this.api = applicationContext.getBean(LookupApi.class);
    }

    /** The context must have been built with {@link #ENVIRONMENT} among its environments. */
    public LookupHandler(ApplicationContext context) {
        super(context);
        this.api = applicationContext.getBean(LookupApi.class);
    }

    @Override
    protected String environment() {
        return ENVIRONMENT;
    }

    /** The request id reaches the log lines through the MDC; the API needs nothing else of the invocation. */
    @Override
    protected APIGatewayV2HTTPResponse handle(APIGatewayV2HTTPEvent event, Optional<Context> invocation) {
        return HttpApiEvents.toResponse(api.handle(HttpApiEvents.toRequest(event)));
    }
}
