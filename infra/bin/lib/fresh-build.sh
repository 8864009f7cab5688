# shellcheck shell=bash
# Sourced by the scripts that run a jar of this repository (infra/bin/run-local, infra/ops/bin/voucher-ops):
# never run a stale build. `voucher_fresh_build` rebuilds the jar when it is missing or when any pom or
# src/main file of the modules it is made of is newer than it, and says so in one line on stderr.
#
#   voucher_fresh_build WHO JAR MODULE... -- BUILD COMMAND...
#
# WHO names the caller in the message; JAR is the artifact (absolute, or relative to the repository
# root); each MODULE is a module folder relative to the root (e.g. infra/local/run). The modules the jar
# is made of are derived from the poms: every given module and, transitively, each module of this
# reactor it depends on outside the test scope, the same modules `mvn -pl MODULE -am` builds for the
# jar. The root pom (the parent of every module) always counts. The build command runs in the
# repository root; its status is returned.
#
# Why mtime and not a content hash: `git pull`, `git checkout` and editors all give a changed file a
# new modification time, so a file newer than the jar is exactly "changed since the build". A file
# made older than the jar (e.g. restored with its original time by `tar` or `cp -p`) is not seen.

voucher_fresh_build_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)

# Prints the module folders (relative to the root) that MODULE... are made of, one a line.
voucher_modules_of() {
  python3 - "$voucher_fresh_build_root" "$@" <<'PY'
import os
import sys
import xml.etree.ElementTree as ET

root, wanted = sys.argv[1], sys.argv[2:]
NS = "{http://maven.apache.org/POM/4.0.0}"


def child(element, name):
    found = element.find(NS + name)
    return found if found is not None else element.find(name)


def children(element, path):
    names = path.split("/")
    found = [element]
    for name in names:
        found = [c for e in found for c in list(e) if c.tag in (NS + name, name)]
    return found


def modules(folder):
    pom = ET.parse(os.path.join(root, folder, "pom.xml")).getroot()
    listed = [m.text.strip() for m in children(pom, "modules/module")]
    found = []
    for module in listed:
        path = os.path.normpath(os.path.join(folder, module))
        found.append(path)
        found.extend(modules(path))
    return found


by_artifact = {}
depends_on = {}
for folder in modules("."):
    pom = ET.parse(os.path.join(root, folder, "pom.xml")).getroot()
    artifact = child(pom, "artifactId").text.strip()
    by_artifact[artifact] = folder
    depends_on[folder] = [
        (child(d, "artifactId").text.strip(),
         (child(d, "scope").text.strip() if child(d, "scope") is not None else "compile"))
        for d in children(pom, "dependencies/dependency")
    ]

result = []
pending = [os.path.normpath(m) for m in wanted]
while pending:
    folder = pending.pop()
    if folder in result:
        continue
    if folder not in depends_on:
        sys.exit("fresh-build: " + folder + " is not a module of " + root)
    result.append(folder)
    for artifact, scope in depends_on[folder]:
        if artifact in by_artifact and scope != "test":
            pending.append(by_artifact[artifact])
print("\n".join(sorted(result)))
PY
}

voucher_fresh_build() {
  local who=$1 jar=$2
  shift 2
  local wanted=()
  while (( $# > 0 )) && [[ $1 != -- ]]; do
    wanted+=("$1")
    shift
  done
  if [[ ${1:-} != -- || $# -lt 2 ]]; then
    echo "voucher_fresh_build: usage: voucher_fresh_build WHO JAR MODULE... -- BUILD COMMAND..." >&2
    return 2
  fi
  shift
  [[ $jar == /* ]] || jar=$voucher_fresh_build_root/$jar
  local modules module folders=("$voucher_fresh_build_root/pom.xml") newer=""
  modules=$(voucher_modules_of "${wanted[@]}") || return 2
  while IFS= read -r module; do
    folders+=("$voucher_fresh_build_root/$module")
  done <<<"$modules"
  if [[ -f $jar ]]; then
    newer=$(find "${folders[@]}" -path '*/target' -prune -o -type f -newer "$jar" \
      \( -name pom.xml -o -path '*/src/main/*' \) -print -quit)
    [[ -n $newer ]] || return 0
    echo "$who: rebuilding ${jar#"$voucher_fresh_build_root"/}: ${newer#"$voucher_fresh_build_root"/} changed since it was built" >&2
  else
    echo "$who: building ${jar#"$voucher_fresh_build_root"/}: it does not exist yet" >&2
  fi
  (cd "$voucher_fresh_build_root" && "$@") >&2
}
