#!/usr/bin/env bash
# Issuance: vouchers per second of one issuer worker against the emulator (moto from .venv/emulator, the
# template's table and queues), fed by the queue and called directly, and DynamoDB write requests per voucher.
#   bench/scripts/issuance.sh           1,000 vouchers per measurement
#   bench/scripts/issuance.sh --smoke   20 vouchers: proves it runs and still checks one write per voucher
set -euo pipefail
# shellcheck source=bench/scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
"$bench_root/infra/bin/bootstrap" emulator
bench_build

vouchers=1000
if [[ "${1:-}" == "--smoke" ]]; then
  vouchers=20
fi
echo "issuance: $(bench_machine)"
cd "$bench_root"
exec java -Dlogback.configurationFile=logback-bench.xml -cp "$bench_classpath" \
  kr.compensation.voucher.bench.issuance.IssuanceRate --vouchers "$vouchers"
