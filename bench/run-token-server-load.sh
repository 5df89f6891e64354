#!/usr/bin/env bash
# A bounded load run of the token server with wrk, on loopback: client_credentials issuance (opaque and
# JWT), introspection (JSON and application/jwt) and the JWKS, at 16 and 64 connections, on H2 and on the
# machine's PostgreSQL; with p50/p99 latency, the server's resident memory and its start-up time.
# Each endpoint is first warmed up for 5 s (not recorded); every measured run then lasts DURATION
# (default 15s). Output: bench/results/token-server-load.txt
#
# Usage: bench/run-token-server-load.sh [h2|postgres|both]   (default both; postgres needs 127.0.0.1:5432)
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/find-jdk.sh
. scripts/token-server-jvm.sh
find_jdk
command -v wrk >/dev/null || { echo "error: wrk is needed: apt-get install wrk" >&2; exit 1; }
databases=${1:-both}
duration=${DURATION:-15s}
work=$(mktemp -d)
out=bench/results/token-server-load.txt
mkdir -p bench/results
trap 'kill $server_pid 2>/dev/null || true; rm -rf "$work"' EXIT
server_pid=

echo "Building the token server and the benchmarks..." >&2
./mvnw -B -q -pl token-server,bench -am -DskipTests install
./mvnw -B -q -pl token-server dependency:build-classpath -Dmdep.outputFile="$work/cp.txt" -DincludeScope=runtime
# Jars only, as a distribution has them: a class-data archive cannot hold classes loaded from a directory.
jar="$(ls -t token-server/target/apisec-token-server-*.jar | grep -v -e tests -e sources | head -1)"  # the newest build
classpath="$jar:$(cat "$work/cp.txt")"
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj /CN=localhost -days 2 \
  -addext subjectAltName=IP:127.0.0.1,DNS:localhost -keyout "$work/server-key.pem" -out "$work/server.pem" 2>/dev/null
export BENCH_MASTER_KEY=$(openssl rand -base64 32) BENCH_SECRET=$(openssl rand -hex 32)
basic() { printf '%s:%s' "$1" "$BENCH_SECRET" | base64 -w0; }

{
  echo "# Token server load run, $(date -u +%Y-%m-%dT%H:%M:%SZ), commit $(git rev-parse --short HEAD)"
  echo "# machine: $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)), $(free -g | awk '/Mem:/{print $2}') GiB;" \
       "JDK $("$JAVA_HOME/bin/java" -version 2>&1 | head -1); wrk and the server share the machine"
  echo "# command: bench/run-token-server-load.sh $databases (DURATION=$duration, wrk -t2 --latency)"
} > "$out"

run_database() {
  local name=$1 url=$2 user=$3 port=18443
  sed -e "s#@PORT@#$port#g" -e "s#@DIR@#$work#g" -e "s#@JDBC_URL@#$url#g" -e "s#@DB_USER@#$user#g" \
    bench/token-server/bench.yaml.template > "$work/$name.yaml"
  start_server "$name" $port
  local first_ms=$ready_ms first_logged=$logged_ms
  # Start-up as in production: the database and the keys exist, the class-data archive was made at the
  # first exit. Five restarts, each measured two ways.
  local restarts="" logged=""
  for attempt in 1 2 3 4 5; do
    kill $server_pid; wait $server_pid 2>/dev/null || true
    start_server "$name" $port
    restarts="$restarts ${ready_ms}"
    logged="$logged ${logged_ms}"
  done
  local base="https://127.0.0.1:$port"
  local opaque=$(curl -sk -u "bench-opaque:$BENCH_SECRET" -d grant_type=client_credentials "$base/oauth/token" \
    | sed -E 's/.*"access_token":"([^"]+)".*/\1/')
  {
    echo
    echo "## $name: first start (empty database: schema, first key) ${first_logged} ms by the server's log," \
         "${first_ms} ms to the first answer;" \
         "restarts:${restarts} ms (launch to the first /health/ready answer over TLS);" \
         "the server's own log (JVM start to serving, as Keycloak reports it):${logged} ms"
    echo "JVM options: $(token_server_jvm_options "$work" "$classpath")"
  } >> "$out"
  # Warm-up, not recorded: the JIT compiles the hot paths before anything is measured.
  WARMUP=1 measure "$name" 16 "warm-up" "$base/oauth/token" \
    BODY="grant_type=client_credentials" BASIC="$(basic bench-opaque)" ACCEPT=""
  WARMUP=1 measure "$name" 16 "warm-up" "$base/oauth/token" \
    BODY="grant_type=client_credentials" BASIC="$(basic bench-jwt)" ACCEPT=""
  WARMUP=1 measure "$name" 16 "warm-up" "$base/oauth/introspect" \
    BODY="token=$opaque" BASIC="$(basic bench-gateway)" ACCEPT="application/jwt"
  WARMUP=1 measure "$name" 16 "warm-up" "$base/oauth/introspect" \
    BODY="token=$opaque" BASIC="$(basic bench-gateway)" ACCEPT=""
  WARMUP=1 measure "$name" 16 "warm-up" "$base/oauth/jwks"
  for connections in 16 64; do
    measure "$name" "$connections" "client_credentials, opaque" "$base/oauth/token" \
      BODY="grant_type=client_credentials" BASIC="$(basic bench-opaque)" ACCEPT=""
    measure "$name" "$connections" "client_credentials, JWT (RS256)" "$base/oauth/token" \
      BODY="grant_type=client_credentials" BASIC="$(basic bench-jwt)" ACCEPT=""
    measure "$name" "$connections" "introspection, JSON" "$base/oauth/introspect" \
      BODY="token=$opaque" BASIC="$(basic bench-gateway)" ACCEPT=""
    measure "$name" "$connections" "introspection, application/jwt" "$base/oauth/introspect" \
      BODY="token=$opaque" BASIC="$(basic bench-gateway)" ACCEPT="application/jwt"
    measure "$name" "$connections" "JWKS" "$base/oauth/jwks"
  done
  echo "server resident memory after the runs: $(( $(ps -o rss= -p $server_pid) / 1024 )) MiB" >> "$out"
  awk -v s="$signing" -v n="$name" '/^## /{db=$2} db==n":" && /client_credentials, JWT/ && s>0 {
    printf "JWT issuance at %s: %.0f%% of RS256 signing alone\n", $4, 100*$5/s }' "$out" > "$work/ratio.txt"
  cat "$work/ratio.txt" >> "$out"
  kill $server_pid; wait $server_pid 2>/dev/null || true
}

start_server() { # sets server_pid, ready_ms (launch to the first answer) and logged_ms (the server's own line)
  local name=$1 port=$2 log="$work/$name.log" started
  touch "$log"
  local before; before=$(grep -c 'Started in' "$log" || true)
  started=$(date +%s%N)
  # shellcheck disable=SC2046
  "$JAVA_HOME/bin/java" $(token_server_jvm_options "$work" "$classpath") -cp "$classpath" io.apisec.tokenserver.TokenServer \
    --config "$work/$name.yaml" >> "$log" 2>&1 &
  server_pid=$!
  # Wait for the server's own "Started in" line without touching its port: a probe every few milliseconds
  # would make it handshake TLS while it starts, which no orchestrator's readiness probe does. Then one
  # request, timed to its answer.
  until [ "$(grep -c 'Started in' "$log" || true)" -gt "$before" ]; do
    kill -0 $server_pid 2>/dev/null || { cat "$log" >&2; exit 1; }
    (( $(date +%s%N) - started < 120000000000 )) || { echo "error: no 'Started in' line after 120 s" >&2; exit 1; }
    sleep 0.01
  done
  curl -skf "https://127.0.0.1:$port/health/ready" >/dev/null
  ready_ms=$(( ($(date +%s%N) - started) / 1000000 ))
  logged_ms=$(grep -o 'Started in [0-9]* ms' "$log" | tail -1 | cut -d' ' -f3)
}

measure() {
  local name=$1 connections=$2 what=$3 url=$4; shift 4
  local result run_for=$duration
  if [ -n "${WARMUP:-}" ]; then
    run_for=5s
  fi
  if [ "$#" -gt 0 ]; then
    result=$(env "$@" wrk -t2 -c"$connections" -d"$run_for" --latency \
      -s bench/token-server/post-form.lua "$url")
  else
    result=$(wrk -t2 -c"$connections" -d"$run_for" --latency "$url")
  fi
  if [ -n "${WARMUP:-}" ]; then
    return
  fi
  local rps=$(echo "$result" | awk '/Requests\/sec/{print $2}')
  local p50=$(echo "$result" | awk '$1=="50%"{print $2}')
  local p99=$(echo "$result" | awk '$1=="99%"{print $2}')
  local bad=$(echo "$result" | awk '/Non-2xx/{print $5}')
  printf '%-34s c=%-3s %10s req/s   p50 %-9s p99 %-9s non-2xx %s\n' "$what" "$connections" "$rps" "$p50" "$p99" "${bad:-0}" \
    | tee -a "$out" >&2
}

# The floor of JWT issuance, in the same run: RS256 signing alone on two threads (JMH, Nimbus).
echo "Measuring RS256 signing on two threads (JMH)..." >&2
signing=$("$JAVA_HOME/bin/java" -jar bench/target/benchmarks.jar SigningBenchmark -t 2 -f 1 -wi 2 -w 3s -i 3 -r 3s \
  2>/dev/null | awk '/^SigningBenchmark.signRs256/{print $4}')
echo "RS256 signing alone, Nimbus, 2 threads (JMH SigningBenchmark): ${signing} signatures/s" | tee -a "$out" >&2

case "$databases" in
  h2|both) run_database h2 "jdbc:h2:file:$work/h2/apisec" sa ;;
esac
case "$databases" in
  postgres|both)
    schema="apisec_bench_$$"
    psql -h 127.0.0.1 -U postgres -d test -qc "CREATE SCHEMA $schema" >/dev/null
    run_database postgres "jdbc:postgresql://127.0.0.1:5432/test?currentSchema=$schema" postgres
    psql -h 127.0.0.1 -U postgres -d test -qc "DROP SCHEMA $schema CASCADE" >/dev/null ;;
esac
echo "Results: $out" >&2
