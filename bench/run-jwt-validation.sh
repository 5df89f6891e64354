#!/usr/bin/env bash
# Builds the benchmarks and runs JwtValidationBenchmark twice, with 1 and with 2 threads, writing
# bench/results/jwt-validation-t1.json and -t2.json (plus the console output as .txt next to them).
# See bench/README.md for what is measured and how to read the results.
#
# Usage: bench/run-jwt-validation.sh [--dry-run] [extra JMH options...]
#   --dry-run   print the JDK found and the commands, run nothing
#   extra JMH options are appended to both runs, e.g. -p algorithm=RS256 for a single algorithm
set -euo pipefail

dry_run=false
case "${1:-}" in
  --dry-run) dry_run=true; shift ;;
  -h|--help) sed -n '2,8p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
esac

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

readonly MIN_JAVA=21

# The value of a system property, as reported by the java executable $1 ("" if it does not run).
java_property() {
  { "$1" -XshowSettings:properties -version 2>&1 || true; } | sed -n "s/^ *$2 = //p" | head -n 1
}

# The feature version of the java executable $1 (8, 17, 21, 25, ...), or "" if it cannot be told.
java_major() {
  local version
  version="$(java_property "$1" java.specification.version)"
  version="${version#1.}"
  version="${version%%.*}"
  if [[ "$version" =~ ^[0-9]+$ ]]; then
    printf '%s' "$version"
  fi
}

# Succeeds when $1 is the home of a JDK (with javac, which the build needs) of version 21 or newer.
# Says on stderr why a candidate is skipped.
usable_jdk() {
  local home="$1" what="$2" major
  if [[ ! -x "$home/bin/java" ]]; then
    echo "skipping $what ($home): no bin/java" >&2
    return 1
  fi
  major="$(java_major "$home/bin/java")"
  if [[ -z "$major" ]]; then
    echo "skipping $what ($home): cannot tell its Java version" >&2
    return 1
  fi
  if (( major < MIN_JAVA )); then
    echo "skipping $what ($home): Java $major, need $MIN_JAVA or newer" >&2
    return 1
  fi
  if [[ ! -x "$home/bin/javac" ]]; then
    echo "skipping $what ($home): Java $major but a JRE, not a JDK (no bin/javac)" >&2
    return 1
  fi
}

# Finds a JDK 21+: JAVA_HOME, then java on PATH, then the newest under /usr/lib/jvm.
find_jdk() {
  local candidate best="" best_major=0 major
  if [[ -n "${JAVA_HOME:-}" ]] && usable_jdk "$JAVA_HOME" "JAVA_HOME"; then
    printf '%s' "$JAVA_HOME"
    return 0
  fi
  if command -v java > /dev/null 2>&1; then
    candidate="$(java_property "$(command -v java)" java.home)"
    if [[ -n "$candidate" ]] && usable_jdk "$candidate" "java on PATH"; then
      printf '%s' "$candidate"
      return 0
    fi
  fi
  for candidate in /usr/lib/jvm/*; do
    [[ -d "$candidate" ]] || continue
    if usable_jdk "$candidate" "/usr/lib/jvm entry" 2> /dev/null; then
      major="$(java_major "$candidate/bin/java")"
      if (( major > best_major )); then
        best="$candidate"
        best_major="$major"
      fi
    fi
  done
  if [[ -n "$best" ]]; then
    printf '%s' "$best"
    return 0
  fi
  return 1
}

if ! jdk="$(find_jdk)"; then
  cat >&2 <<EOF
error: no JDK $MIN_JAVA or newer found. Looked at, in order:
  - JAVA_HOME (${JAVA_HOME:-not set})
  - java on PATH ($(command -v java || echo "none"))
  - /usr/lib/jvm/* ($(ls -d /usr/lib/jvm/* 2> /dev/null | tr '\n' ' ' || true))
Install a JDK $MIN_JAVA+ (for example Temurin) and point JAVA_HOME at it, then run this again.
EOF
  exit 1
fi
export JAVA_HOME="$jdk"
export PATH="$JAVA_HOME/bin:$PATH"
echo "Using JDK $(java_major "$JAVA_HOME/bin/java") at $JAVA_HOME" >&2

run() {
  echo "+ $*" >&2
  if [[ "$dry_run" == false ]]; then
    "$@"
  fi
}

run ./mvnw -B -q -pl bench -am package -DskipTests
run mkdir -p bench/results
for threads in 1 2; do
  out="bench/results/jwt-validation-t$threads"
  # -foe true: a failed trial (a rejected token, a JWKS fetch while measuring) stops the run.
  jmh=("$JAVA_HOME/bin/java" -jar bench/target/benchmarks.jar JwtValidationBenchmark
       -t "$threads" -f 1 -wi 3 -w 2s -i 5 -r 2s -prof gc -foe true
       -rf json -rff "$out.json" "$@")
  echo "+ ${jmh[*]} | tee $out.txt" >&2
  if [[ "$dry_run" == false ]]; then
    "${jmh[@]}" 2>&1 | tee "$out.txt"
  fi
done
if [[ "$dry_run" == false ]]; then
  echo "Results: bench/results/jwt-validation-t1.json and bench/results/jwt-validation-t2.json" >&2
fi
