#!/usr/bin/env bash
# Cold start of the lookup function and of the plain baseline, against a loopback DynamoDB/SSM stub:
#   1. fresh JVMs with Lambda's default flags, each running one function's deployable jar in-process:
#      process start to the first completed lookup, and the first lookup after SnapStart priming
#      against a warm one;
#   2. the same two functions as Lambda runs them, in the local Lambda runtime (infra/local/runtime:
#      Runtime Interface Emulator + runtime interface client, the lookup's sam build artifact): Lambda's
#      Init Duration and the first invocation's Duration.
#   bench/scripts/cold-start.sh           10 starts of each kind per function (about 3 minutes)
#   bench/scripts/cold-start.sh --smoke   one of each: proves it runs; the figures mean nothing
set -euo pipefail
# shellcheck source=bench/scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
bench_build

runs=10 warm=200
if [[ "${1:-}" == "--smoke" ]]; then
  runs=1 warm=20
fi
echo "cold start: $(bench_machine)"
cd "$bench_root"
java -cp "$bench_classpath" kr.compensation.voucher.bench.coldstart.ColdStart \
  --runs "$runs" --warm "$warm" --lookup-jar "$lookup_lambda_jar" --baseline-jar "$baseline_lambda_jar" \
  --probe-jar "$bench_jar"
"$bench_root/infra/bin/bootstrap" lambda-rie
echo
echo "cold start in the local Lambda runtime: $(bench_machine)"
exec java -cp "$bench_classpath" kr.compensation.voucher.bench.coldstart.RuntimeColdStart \
  --root "$bench_root" --runs "$runs" --baseline-jar "$baseline_lambda_jar"
