package kr.compensation.voucher.bench;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * How both function benchmarks run (JMH applies a superclass's annotations to its subclasses' benchmarks): one
 * invocation's average time in microseconds, one thread, two forks with the same heap and the quiet log
 * configuration, five warm-up and five measured iterations of two seconds.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Threads(1)
@Fork(value = 2, jvmArgsAppend = {"-Xms512m", "-Xmx512m", "-Dlogback.configurationFile=logback-bench.xml"})
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
abstract class HandlerBenchmarkSettings {
}
