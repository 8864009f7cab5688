package kr.compensation.voucher.localruntime;

import com.amazonaws.services.lambda.runtime.serialization.PojoSerializer;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import com.amazonaws.services.lambda.runtime.serialization.factories.JacksonFactory;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * A function with its execution environments: each invocation runs in an idle environment, or in a new one while
 * fewer than {@code maxEnvironments} exist, or waits for one to come free. That is how Lambda scales a function: one
 * request per environment at a time, more environments for more concurrent requests, up to the concurrency the
 * function may use (AWS Lambda Developer Guide, "Understanding Lambda function scaling":
 * https://docs.aws.amazon.com/lambda/latest/dg/lambda-concurrency.html). An environment whose invocation timed out
 * or whose process died is not used again.
 */
public final class LocalFunction implements AutoCloseable {

    private final FunctionConfiguration configuration;
    private final RuntimeFiles files;
    private final Path taskRoot;
    private final String region;
    private final CredentialsEndpoint credentials;
    private final Map<String, String> extraEnvironment;
    private final Consumer<String> output;
    private final int maxEnvironments;
    private final Deque<ExecutionEnvironment> idle = new ArrayDeque<>();
    private final List<ExecutionEnvironment> all = new ArrayList<>();
    private final AtomicInteger started = new AtomicInteger();
    private final Map<Class<?>, PojoSerializer<?>> serializers = new ConcurrentHashMap<>();
    private int starting;
    private boolean closed;

    LocalFunction(FunctionConfiguration configuration, RuntimeFiles files, Path taskRoot, String region,
                  CredentialsEndpoint credentials, Map<String, String> extraEnvironment, Consumer<String> output,
                  int maxEnvironments) {
        this.configuration = Objects.requireNonNull(configuration, "configuration");
        this.files = files;
        this.taskRoot = taskRoot;
        this.region = region;
        this.credentials = credentials;
        this.extraEnvironment = Map.copyOf(extraEnvironment);
        this.output = output;
        if (maxEnvironments < 1) {
            throw new IllegalArgumentException("a function needs at least one environment");
        }
        this.maxEnvironments = maxEnvironments;
    }

    public FunctionConfiguration configuration() {
        return configuration;
    }

    /** Starts {@code count} environments now (as provisioned ones would be), so no request waits for an init. */
    public LocalFunction warm(int count) {
        List<ExecutionEnvironment> ready = new ArrayList<>();
        for (int i = 0; i < Math.min(count, maxEnvironments); i++) {
            ready.add(reserveNew());
        }
        ready.forEach(this::release);
        return this;
    }

    /** Invokes the function with a JSON payload and returns its JSON response (Lambda's Invoke, RequestResponse). */
    public byte[] invoke(byte[] payload) {
        ExecutionEnvironment environment = acquire();
        try {
            return environment.invoke(payload);
        } finally {
            release(environment);
        }
    }

    /**
     * Invokes with an event object and reads the response as {@code responseType}, both through Lambda's own
     * serializer (aws-lambda-java-serialization), the one the runtime interface client uses on the other side.
     */
    public <E, R> R invoke(E event, Class<R> responseType) {
        @SuppressWarnings("unchecked")
        PojoSerializer<E> eventSerializer = (PojoSerializer<E>) serializer(event.getClass());
        ByteArrayOutputStream json = new ByteArrayOutputStream();
        eventSerializer.toJson(event, json);
        byte[] answer = invoke(json.toByteArray());
        @SuppressWarnings("unchecked")
        PojoSerializer<R> responseSerializer = (PojoSerializer<R>) serializer(responseType);
        return responseSerializer.fromJson(new ByteArrayInputStream(answer));
    }

    /** The runtime interface client's choice (EventHandlerLoader#getSerializer): event mixins for AWS events. */
    private PojoSerializer<?> serializer(Class<?> type) {
        return serializers.computeIfAbsent(type, t -> LambdaEventSerializers.isLambdaSupportedEvent(t.getName())
                ? LambdaEventSerializers.serializerFor(t, t.getClassLoader())
                : JacksonFactory.getInstance().getSerializer(t));
    }

    /** The environments that are up, for tests that kill one as Lambda may end any environment at any time. */
    public List<ProcessHandle> environmentProcesses() {
        synchronized (this) {
            List<ProcessHandle> processes = new ArrayList<>();
            for (ExecutionEnvironment environment : all) {
                if (environment.usable()) {
                    processes.addAll(environment.processes());
                }
            }
            return processes;
        }
    }

    /** Kills one environment's processes, busy or idle; the next invocation gets another. */
    public boolean killOneEnvironment() {
        ExecutionEnvironment victim;
        synchronized (this) {
            victim = all.stream().filter(ExecutionEnvironment::usable).findFirst().orElse(null);
        }
        if (victim == null) {
            return false;
        }
        victim.kill();
        return true;
    }

    /**
     * Kills an environment while it serves an invocation, waiting up to {@code within} for one to be busy: the crash
     * of an execution environment in the middle of its work. The invocation fails; its caller (the SQS mapping)
     * treats that as Lambda's event source mapping treats a crashed invocation.
     *
     * @return the killed environment's processes (the emulator and the function's JVM), empty if none was busy
     */
    public List<ProcessHandle> killBusyEnvironment(java.time.Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (System.nanoTime() < deadline) {
            ExecutionEnvironment victim;
            synchronized (this) {
                victim = all.stream().filter(e -> e.usable() && !idle.contains(e)).findFirst().orElse(null);
            }
            if (victim != null) {
                List<ProcessHandle> processes = victim.processes();
                victim.kill();
                return processes;
            }
            Thread.sleep(2);
        }
        return List.of();
    }

    /** How many environments this function has started so far. */
    public int environmentsStarted() {
        return started.get();
    }

    /**
     * Init and first-invocation duration of the first environment, measured the way Lambda reports a cold start
     * (for functions without SnapStart, whose init runs on the first request; the cold-start benchmark uses it).
     */
    public ColdStart firstColdStart() {
        return environments().get(0).coldStart();
    }

    List<ExecutionEnvironment> environments() {
        synchronized (this) {
            return List.copyOf(all);
        }
    }

    private ExecutionEnvironment acquire() {
        synchronized (this) {
            while (true) {
                if (closed) {
                    throw new InvocationFailure(InvocationFailure.Kind.ENVIRONMENT_FAILED,
                            configuration.logicalId() + " is shut down");
                }
                ExecutionEnvironment environment = idle.pollFirst();
                if (environment != null) {
                    if (environment.usable()) {
                        return environment;
                    }
                    discard(environment);
                    continue;
                }
                if (live() + starting < maxEnvironments) {
                    break;
                }
                try {
                    wait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new InvocationFailure(InvocationFailure.Kind.ENVIRONMENT_FAILED, "interrupted", e);
                }
            }
        }
        return reserveNew();
    }

    /** Starts an environment outside the lock (an init takes a second or more) and hands it to the caller. */
    private ExecutionEnvironment reserveNew() {
        synchronized (this) {
            starting++;
        }
        int index = started.incrementAndGet();
        try {
            ExecutionEnvironment environment = ExecutionEnvironment.start(configuration.logicalId() + "#" + index,
                    configuration, files, taskRoot, region, credentials, index, extraEnvironment, output);
            synchronized (this) {
                if (closed) {
                    environment.close();
                    throw new InvocationFailure(InvocationFailure.Kind.ENVIRONMENT_FAILED,
                            configuration.logicalId() + " is shut down");
                }
                all.add(environment);
                return environment;
            }
        } finally {
            synchronized (this) {
                starting--;
                notifyAll();
            }
        }
    }

    private void release(ExecutionEnvironment environment) {
        synchronized (this) {
            if (environment.usable() && !closed) {
                idle.addFirst(environment);
            } else {
                discard(environment);
            }
            notifyAll();
        }
    }

    private void discard(ExecutionEnvironment environment) {
        all.remove(environment);
        idle.remove(environment);
        environment.close();
    }

    private int live() {
        return all.size();
    }

    @Override
    public void close() {
        List<ExecutionEnvironment> toClose;
        synchronized (this) {
            closed = true;
            toClose = new ArrayList<>(all);
            all.clear();
            idle.clear();
            notifyAll();
        }
        toClose.forEach(ExecutionEnvironment::close);
    }
}
