# shellcheck shell=bash
# Sourced by the scripts in infra/bin (and by the root Makefile): makes a JDK >= 21 the one that
# `java` and `mvn` use, because the machine's default java may be older than the code's target.
# Order: $JAVA_HOME if new enough, then `java` on PATH, then the newest JDK under /usr/lib/jvm.

voucher_java_major() {
  # `java -version` prints e.g. `openjdk version "21.0.4"` or, for Java 8, `"1.8.0_402"`.
  local version
  version=$("$1" -version 2>&1 | awk -F'"' '/version/ { print $2; exit }')
  version=${version#1.}
  printf '%s\n' "${version%%[.+-]*}"
}

voucher_pick_jdk() {
  local minimum=21 candidate major best="" best_major=0 java_on_path
  if [[ -n "${JAVA_HOME:-}" && -x "$JAVA_HOME/bin/java" ]]; then
    major=$(voucher_java_major "$JAVA_HOME/bin/java")
    if [[ "$major" =~ ^[0-9]+$ ]] && (( major >= minimum )); then
      printf '%s\n' "$JAVA_HOME"
      return 0
    fi
  fi
  if java_on_path=$(command -v java 2>/dev/null); then
    major=$(voucher_java_major "$java_on_path")
    if [[ "$major" =~ ^[0-9]+$ ]] && (( major >= minimum )); then
      # JAVA_HOME is two levels above the real binary (…/jdk/bin/java), not above a symlink.
      candidate=$(dirname "$(dirname "$(readlink -f "$java_on_path")")")
      printf '%s\n' "$candidate"
      return 0
    fi
  fi
  for candidate in /usr/lib/jvm/*/; do
    candidate=${candidate%/}
    [[ -x "$candidate/bin/java" && -x "$candidate/bin/javac" ]] || continue
    major=$(voucher_java_major "$candidate/bin/java")
    [[ "$major" =~ ^[0-9]+$ ]] || continue
    if (( major >= minimum && major > best_major )); then
      best=$candidate
      best_major=$major
    fi
  done
  if [[ -n "$best" ]]; then
    printf '%s\n' "$best"
    return 0
  fi
  echo "No JDK >= $minimum found: set JAVA_HOME to one, or install one under /usr/lib/jvm." >&2
  return 1
}

if ! VOUCHER_JAVA_HOME=$(voucher_pick_jdk); then
  # Sourced, so `return` ends only this file; callers run with `set -e` and stop here.
  return 1
fi
export JAVA_HOME=$VOUCHER_JAVA_HOME
export PATH="$JAVA_HOME/bin:$PATH"
# Maven 3.8/3.9 bundle a Guava that uses sun.misc.Unsafe, which JDK 24+ warns about on every run.
if (( $(voucher_java_major "$JAVA_HOME/bin/java") >= 24 )) \
    && [[ "${MAVEN_OPTS:-}" != *sun-misc-unsafe-memory-access* ]]; then
  export MAVEN_OPTS="${MAVEN_OPTS:+$MAVEN_OPTS }--sun-misc-unsafe-memory-access=allow"
fi
unset VOUCHER_JAVA_HOME
