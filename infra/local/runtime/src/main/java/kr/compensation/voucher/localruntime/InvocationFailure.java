package kr.compensation.voucher.localruntime;

/**
 * An invocation that did not return a response, in the ways Lambda reports them: the function threw (its error
 * document), ran past its {@code Timeout}, or its environment failed to start or died. API Gateway answers any of
 * them with 500; an SQS event source mapping returns the whole batch to the queue.
 */
public final class InvocationFailure extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public enum Kind { FUNCTION_ERROR, TIMEOUT, ENVIRONMENT_FAILED }

    private final Kind kind;

    InvocationFailure(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    InvocationFailure(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
