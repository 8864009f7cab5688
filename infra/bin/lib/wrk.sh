# shellcheck shell=bash
# Sourced: voucher_ensure_wrk makes the wrk load generator available, installing it from Debian's
# packages when it is missing and we may (root with apt-get). The load tests (bench/scripts/load-test.sh,
# the reliability suite's opening trial) need it; a machine of this project's kind does not ship it.

voucher_ensure_wrk() {
  command -v wrk > /dev/null && return 0
  if [[ $(id -u) -eq 0 ]] && command -v apt-get > /dev/null; then
    echo "installing wrk from Debian's packages ..." >&2
    apt-get update -qq > /dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk > /dev/null
  else
    echo "wrk is missing; install it (Debian: apt-get install wrk)" >&2
    return 1
  fi
}
