package kr.compensation.voucher.lookup;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.micronaut.context.ApplicationContext;
import io.micronaut.context.ApplicationContextBuilder;
import io.micronaut.function.aws.LambdaApplicationContextBuilder;
import io.micronaut.function.aws.MicronautRequestHandler;
import kr.compensation.voucher.adapters.aws.AwsClients;
import kr.compensation.voucher.lookup.api.LookupApi;

/**
 * Lambda entry point behind the HTTP API (payload format 2.0). Thin on purpose: map the event, hand it to
 * {@link LookupApi}, map the answer back. The API is looked up once here, never per request.
 */
// RequestHandler is declared again (MicronautRequestHandler implements it) because the SnapStart scanner recognises a
// handler only by its own interfaces; without it the scan would pass without looking at this class or its fields.
public class LookupHandler extends MicronautRequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse>
        implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {

    /**
     * The Micronaut environment of this function. Its beans and its application-lookup.properties load only in it, so
     * the local run can hold both functions in one JVM without their beans meeting, as they never do in Lambda.
     */
    public static final String ENVIRONMENT = "lookup";

    static {
        // Lambda loads this class before it calls the constructor: the SDK's classes load while Micronaut starts.
        AwsClients.warmUpInBackground();
    }

    private final LookupApi api;

    /** Used by Lambda: configuration from the function's environment. */
    public LookupHandler() {
        super();
        this.api = applicationContext.getBean(LookupApi.class);
    }

    /**
     * Used by tests and the local run, which pass the voucher.* properties themselves. The builder gets Lambda's
     * settings (function environment, eager init of every singleton), so they start the context as Lambda does.
     */
    public LookupHandler(ApplicationContextBuilder builder) {
        super(asInLambda(builder));
        this.api = applicationContext.getBean(LookupApi.class);
    }

    /** The context must have been built with {@link #ENVIRONMENT} among its environments. */
    public LookupHandler(ApplicationContext context) {
        super(context);
        this.api = applicationContext.getBean(LookupApi.class);
    }

    private static ApplicationContextBuilder asInLambda(ApplicationContextBuilder builder) {
        LambdaApplicationContextBuilder.setLambdaConfiguration(builder);
        return builder.environments(ENVIRONMENT);
    }

    @Override
    protected ApplicationContextBuilder newApplicationContextBuilder() {
        return super.newApplicationContextBuilder().environments(ENVIRONMENT);
    }

    @Override
    public APIGatewayV2HTTPResponse execute(APIGatewayV2HTTPEvent event) {
        return HttpApiEvents.toResponse(api.handle(HttpApiEvents.toRequest(event)));
    }
}
