#!/usr/bin/env bash
# JMH: the lookup handler and the plain baseline end to end in-process against a loopback DynamoDB stub, the
# issuer on a batch of 10, the customer-key hash and the voucher-code generator; time and allocated bytes per
# operation (-prof gc).
#   bench/scripts/jmh.sh           the full run recorded in bench/RESULTS.md (about 8 minutes)
#   bench/scripts/jmh.sh --smoke   seconds per benchmark: proves they run; the figures mean nothing
# Further arguments go to JMH (e.g. a benchmark name pattern, -f 1).
set -euo pipefail
# shellcheck source=bench/scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
bench_build

args=(-prof gc)
if [[ "${1:-}" == "--smoke" ]]; then
  shift
  args+=(-f 1 -wi 1 -w 1s -i 1 -r 1s)
fi
echo "jmh: $(bench_machine)"
cd "$bench_root"
exec java "${bench_java_flags[@]}" -cp "$bench_classpath" org.openjdk.jmh.Main "${args[@]}" "$@"
