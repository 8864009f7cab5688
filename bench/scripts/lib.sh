# shellcheck shell=bash
# Sourced by the bench scripts: the repository root, a JDK >= 21, and the benchmark build, made or remade
# when a source of the modules measured here is newer than it (REBUILD=1 forces it).

bench_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
# shellcheck source=infra/bin/lib/jdk.sh
source "$bench_root/infra/bin/lib/jdk.sh"

bench_jar="$bench_root/bench/jmh/target/bench-jmh-1.0.0.jar"
bench_classpath_file="$bench_root/bench/jmh/target/classpath.txt"
lookup_lambda_jar="$bench_root/functions/lookup/target/voucher-lookup-1.0.0-lambda.jar"
baseline_lambda_jar="$bench_root/bench/baseline/target/bench-baseline-1.0.0-lambda.jar"
local_run_jar="$bench_root/infra/local/run/target/local-run-1.0.0-all.jar"
bench_stamp="$bench_root/bench/jmh/target/bench-build.stamp"

bench_build() {
  local stale=""
  for artifact in "$bench_jar" "$bench_classpath_file" "$lookup_lambda_jar" "$baseline_lambda_jar" "$local_run_jar"; do
    [[ -f "$artifact" ]] || stale="missing $artifact"
  done
  # Fresh when either the last build here (the stamp) or a full Maven build (which writes the classpath anew after
  # a clean) is newer than every source.
  local built_here="$bench_stamp"
  [[ -f "$built_here" ]] || built_here="$bench_classpath_file"
  if [[ -z "$stale" ]]; then
    stale=$(cd "$bench_root" && find pom.xml functions infra/local/aws infra/local/lambda infra/local/runtime infra/local/run bench/baseline \
      bench/jmh -path '*/target' -prune -o -newer "$bench_classpath_file" -newer "$built_here" -type f \
      \( -name pom.xml -o -path '*/src/main/*' \) -print -quit)
  fi
  if [[ -n "$stale" || "${REBUILD:-0}" == 1 ]]; then
    echo "bench: building the benchmarks and the local run (${stale:-REBUILD=1}) ..." >&2
    (cd "$bench_root" && mvn -B -ntp -q -Dstyle.color=never -DskipTests -pl bench/jmh,infra/local/run -am package) >&2
    # Maven leaves unchanged outputs untouched, so the build's own time is kept in a stamp of its own.
    touch "$bench_stamp"
  fi
  # shellcheck disable=SC2034 # read by the scripts that source this file
  bench_classpath="$bench_jar:$(cat "$bench_classpath_file")"
}

# JMH 1.37 reads fields through sun.misc.Unsafe, which JDK 24+ warns about in every fork (forks inherit these).
bench_java_flags=()
if (( $(voucher_java_major "$JAVA_HOME/bin/java") >= 24 )); then
  bench_java_flags+=(--sun-misc-unsafe-memory-access=allow)
fi

# The machine a figure was measured on, for RESULTS.md.
bench_machine() {
  printf '%s, %s cores, %s GiB, %s, load average %s\n' \
    "$(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo)" "$(nproc)" \
    "$(awk '/MemTotal/ { printf "%d", $2 / 1048576 }' /proc/meminfo)" \
    "$(java -version 2>&1 | head -1)" "$(cut -d' ' -f1-3 /proc/loadavg)"
}
