# shellcheck shell=bash
# Sourced: voucher_ensure_chromium makes headless Chromium and its WebDriver available for the customer
# page's browser tests (infra/local/run CustomerPageIT), installing Debian's chromium and chromium-driver
# when they are missing and we may (root with apt-get), with fonts-noto-cjk so that the screenshots the
# tests write (docs/screenshots/) show Korean text. Without Chromium those tests skip, saying why.

voucher_ensure_chromium() {
  [[ -x /usr/bin/chromium && -x /usr/bin/chromedriver && -d /usr/share/fonts/opentype/noto ]] && return 0
  if [[ $(id -u) -eq 0 ]] && command -v apt-get > /dev/null; then
    echo "installing chromium, chromium-driver and fonts-noto-cjk from Debian's packages ..." >&2
    apt-get update -qq > /dev/null &&
      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver fonts-noto-cjk > /dev/null
  else
    echo "chromium or chromium-driver is missing: the customer page's browser tests will be skipped;" \
      "install them (Debian: apt-get install chromium chromium-driver)" >&2
    return 1
  fi
}
