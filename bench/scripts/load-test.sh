#!/usr/bin/env bash
# Local load test: wrk against the local run (infra/local/run: the lookup function behind the local HTTP API with
# its JWT authorizer, and moto) on loopback, GET /v1/eligibility for one demo customer, at several concurrencies;
# and, at each, wrk straight at the emulator's GetItem for the same item, so the figures say what our layer costs.
#   bench/scripts/load-test.sh           20 s per run at 1, 8 and 32 connections
#   bench/scripts/load-test.sh --smoke   2 s per run at 1 and 8: proves it runs; no figure is judged
# Only 127.0.0.1 is ever addressed. Everything started here is stopped on exit.
set -euo pipefail
# shellcheck source=bench/scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

duration=20 warmup=10 concurrencies=(1 8 32)
if [[ "${1:-}" == "--smoke" ]]; then
  duration=2 warmup=1 concurrencies=(1 8)
fi

# shellcheck source=infra/bin/lib/wrk.sh
source "$bench_root/infra/bin/lib/wrk.sh"
voucher_ensure_wrk
"$bench_root/infra/bin/bootstrap" emulator lambda-rie
bench_build

# The local run keeps its token key and the functions' staged artifacts under <root>/.local; a scratch root (the
# template, the root pom, the Makefile and the built modules linked in) keeps a developer's own local run and its
# tokens untouched.
scratch=$(mktemp -d "${TMPDIR:-/tmp}/voucher-load.XXXXXX")
run_pid=""
cleanup() {
  if [[ -n "$run_pid" ]] && kill -0 "$run_pid" 2> /dev/null; then
    kill "$run_pid"
    wait "$run_pid" 2> /dev/null || true
  fi
  rm -rf "$scratch"
}
trap cleanup EXIT
ln -s "$bench_root/template.yaml" "$scratch/template.yaml"
ln -s "$bench_root/pom.xml" "$scratch/pom.xml"
ln -s "$bench_root/Makefile" "$scratch/Makefile"
ln -s "$bench_root/functions" "$scratch/functions"
ln -s "$bench_root/infra" "$scratch/infra"
export VOUCHER_VENV="$bench_root/.venv/emulator"
export VOUCHER_LAMBDA_RIE="$bench_root/.tools/bin/aws-lambda-rie"

port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
java -Dvoucher.repoRoot="$scratch" -jar "$local_run_jar" --port "$port" --issuer-workers 1 \
  > "$scratch/local-run.log" 2>&1 &
run_pid=$!
for _ in $(seq 1 240); do
  grep -q "Local run is up" "$scratch/local-run.log" && break
  kill -0 "$run_pid" 2> /dev/null || { cat "$scratch/local-run.log" >&2; exit 1; }
  sleep 0.5
done
grep -q "Local run is up" "$scratch/local-run.log" || { echo "load test: the local run did not start" >&2; exit 1; }
emulator=$(grep -o 'MOTO at http://127.0.0.1:[0-9]*' "$scratch/local-run.log" | head -1 | cut -d' ' -f3)
[[ -n "$emulator" ]] || { echo "load test: the local run is not on moto; this test compares against moto" >&2; exit 1; }

token=$(java -Dvoucher.repoRoot="$scratch" -jar "$local_run_jar" token --subject demo-active-0001 --ttl 3600)
# The same item the lookup reads: the one eligible ACTIVE demo customer (demo-active-0001).
body=$(python3 - "$emulator" << 'PY'
import json, sys, urllib.request
def call(target, payload):
    request = urllib.request.Request(sys.argv[1], json.dumps(payload).encode(), {
        "Content-Type": "application/x-amz-json-1.0", "X-Amz-Target": "DynamoDB_20120810." + target,
        "Authorization": "AWS4-HMAC-SHA256 Credential=test/20270115/ap-northeast-2/dynamodb/aws4_request, "
                         "SignedHeaders=host, Signature=0"})
    return json.load(urllib.request.urlopen(request, timeout=10))
table = [t for t in call("ListTables", {})["TableNames"] if "Eligibility" in t][0]
items = call("Scan", {"TableName": table})["Items"]
item = [i for i in items if i["eligible"]["BOOL"] and i["accountState"]["S"] == "ACTIVE"][0]
print(json.dumps({"TableName": table, "Key": {"pk": item["pk"]}, "ConsistentRead": True}))
PY
)
export BENCH_SCRIPTS="$bench_root/bench/scripts" BENCH_TOKEN="$token" BENCH_BODY="$body"
url="http://127.0.0.1:$port/v1/eligibility"

check=$(curl -s -H "Authorization: Bearer $token" "$url")
[[ "$check" == '{"eligible":true,'* ]] || { echo "load test: unexpected answer: $check" >&2; exit 1; }

run_wrk() { # SCRIPT CONNECTIONS SECONDS URL
  local threads=$(( $2 < 2 ? $2 : 2 ))
  wrk -t "$threads" -c "$2" -d "${3}s" --timeout 5s -s "$bench_root/bench/scripts/$1" "$4" | grep '^WRK '
}

echo "load test: $(bench_machine)"
echo "load test: local run on 127.0.0.1:$port, emulator $emulator; ${duration} s per run after a ${warmup} s warm-up"
run_wrk lookup.lua 8 "$warmup" "$url" > /dev/null
run_wrk emulator-getitem.lua 8 "$warmup" "$emulator/" > /dev/null

printf '\n| connections | lookup req/s | p50 ms | p99 ms | errors | emulator GetItem req/s | p50 ms | p99 ms | errors | lookup / emulator |\n'
printf '|---|---|---|---|---|---|---|---|---|---|\n'
failed=0
for c in "${concurrencies[@]}"; do
  ours=$(run_wrk lookup.lua "$c" "$duration" "$url")
  theirs=$(run_wrk emulator-getitem.lua "$c" "$duration" "$emulator/")
  python3 - "$c" "$ours" "$theirs" << 'PY'
import sys
def parse(line):
    return dict(pair.split("=") for pair in line.split()[1:])
c, ours, theirs = sys.argv[1], parse(sys.argv[2]), parse(sys.argv[3])
ratio = float(ours["rps"]) / float(theirs["rps"])
print(f"| {c} | {float(ours['rps']):.0f} | {ours['p50_ms']} | {ours['p99_ms']} | {ours['errors']} "
      f"| {float(theirs['rps']):.0f} | {theirs['p50_ms']} | {theirs['p99_ms']} | {theirs['errors']} | {ratio:.2f}x |")
PY
  [[ "$ours" =~ errors=([0-9]+) ]] && (( BASH_REMATCH[1] == 0 )) || failed=1
done
if (( failed )); then
  echo "load test: the lookup answered with errors (see the table); the log is $scratch/local-run.log" >&2
  tail -20 "$scratch/local-run.log" >&2
  exit 1
fi
