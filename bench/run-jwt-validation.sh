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

# shellcheck source=../scripts/find-jdk.sh
. scripts/find-jdk.sh
find_jdk
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
       -t "$threads" -f 3 -wi 2 -w 2s -i 4 -r 2s -prof gc -foe true
       -rf json -rff "$out.json" "$@")
  echo "+ ${jmh[*]} | tee $out.txt" >&2
  if [[ "$dry_run" == false ]]; then
    "${jmh[@]}" 2>&1 | tee "$out.txt"
  fi
done
if [[ "$dry_run" == false ]]; then
  echo "Results: bench/results/jwt-validation-t1.json and bench/results/jwt-validation-t2.json" >&2
fi
