#!/usr/bin/env bash
# The whole demo chain under load, beside the same API called directly, in the same run: `apisec demo` (token
# server, gateway, Orders and Inventory APIs in one JVM, HTTPS everywhere) is started, then wrk measures
# GET /orders/o-1001 (1) through the gateway with Alice's opaque token (the phantom route, warm cache: the gateway
# forwards the JWT it holds for it, the Orders API verifies it) and (2) straight at the Orders API with that JWT.
# Both answer the same order. ROUNDS (default 3) rounds of DURATION (default 10s) at CONNECTIONS (default 16),
# each target warmed up first (WARMUP, default 15s, 3 s after the first round), the two taking turns at going first;
# medians and the ratio. The demo's JVM is charged the CPU of both (it runs both), per request. Target (issue 5): the
# chain costs the API less than a third of its direct throughput (ratio >= 0.67).
# Output: bench/results/chain-load.txt
#
# Usage: bench/run-chain-load.sh        (needs wrk: apt-get install wrk)
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/find-jdk.sh
. scripts/netty-jvm.sh
. bench/gateway/load-lib.sh
find_jdk
command -v wrk >/dev/null || { echo "error: wrk is needed: apt-get install wrk" >&2; exit 1; }
duration=${DURATION:-10s} connections=${CONNECTIONS:-16} rounds=${ROUNDS:-3} warm=${WARMUP:-15s}
work=$(mktemp -d)
out=bench/results/chain-load.txt
pids=()
trap 'for p in "${pids[@]}"; do kill $p 2>/dev/null || true; done; wait 2>/dev/null; rm -rf "$work"' EXIT
gateway_port=18543 admin_port=18545 ts_port=18643 ts_admin_port=18646 orders_port=18644 inventory_port=18645

echo "Building the apisec distribution..." >&2
./mvnw -B -q -pl cli -am package -DskipTests
demo_options=${DEMO_JVM_OPTIONS:-$(netty_jvm_options) -XX:+UseSerialGC -Xms128m -Xmx512m}
# shellcheck disable=SC2086
"$JAVA_HOME/bin/java" $demo_options -jar cli/target/apisec.jar demo --dir "$work/demo" \
  --gateway-port $gateway_port --gateway-admin-port $admin_port --token-server-port $ts_port \
  --token-server-admin-port $ts_admin_port \
  --orders-port $orders_port --inventory-port $inventory_port > "$work/demo.out" 2> "$work/demo.err" &
demo_pid=$!; pids+=($demo_pid)
wait_for_line "$work/demo.err" 'Ready\.' $demo_pid
demo="$work/demo"
opaque=$(curl -sf --cacert "$demo/ca.pem" -u "alice-shop:$(cat "$demo/secrets/alice-shop")" \
  -d grant_type=client_credentials -d scope=orders:read "https://localhost:$ts_port/oauth/token" \
  | sed -E 's/.*"access_token":"([^"]+)".*/\1/')
# The JWT the gateway forwards for it: introspected as the gateway does (Accept: application/jwt).
jwt=$(curl -sf --cacert "$demo/ca.pem" -u "gateway:$(cat "$demo/secrets/gateway")" -H 'Accept: application/jwt' \
  -d "token=$opaque" "https://localhost:$ts_port/oauth/introspect")
[ -n "$jwt" ] || { echo "error: no JWT for the token" >&2; exit 1; }
clock_ticks=$(getconf CLK_TCK)

{
  echo "# Chain load run, $(date -u +%Y-%m-%dT%H:%M:%SZ), commit $(git rev-parse --short HEAD)"
  echo "# machine: $(nproc) cores ($(awk -F': ' '/model name/{print $2; exit}' /proc/cpuinfo | cut -c1-40)); JDK $("$JAVA_HOME/bin/java" -version 2>&1 | head -1); wrk and the demo share the machine"
  echo "# command: bench/run-chain-load.sh (ROUNDS=$rounds, DURATION=$duration, wrk -t2 -c$connections --latency, HTTPS everywhere)"
  echo "# demo JVM options: $demo_options; GET /orders/o-1001 as alice-shop (basic subscription, RS256 JWT)"
} | tee "$out" >&2

measure() { # $1 label, $2 url, $3 token, $4 the series it counts in
  wrk -t2 -c"$connections" -d"$warm" -H "Authorization: Bearer $3" "$2" > /dev/null
  local before; before=$(ticks $demo_pid)
  local result; result=$(wrk -t2 -c"$connections" -d"$duration" --latency -H "Authorization: Bearer $3" "$2")
  local requests rps p50 p99 bad cpu
  requests=$(echo "$result" | awk '/requests in/{print $1}')
  rps=$(echo "$result" | awk '/Requests\/sec/{print $2}')
  p50=$(echo "$result" | awk '$1=="50%"{print $2}')
  p99=$(echo "$result" | awk '$1=="99%"{print $2}')
  bad=$(echo "$result" | awk '/Non-2xx/{print $5}')
  cpu=$(awk -v t=$(( $(ticks $demo_pid) - before )) -v hz=$clock_ticks -v n="$requests" 'BEGIN{printf "%.1f", t / hz * 1e6 / n}')
  printf '%-36s %10s req/s   p50 %-9s p99 %-9s CPU %6s us/req   non-2xx %s\n' "$1" "$rps" "$p50" "$p99" \
    "$cpu" "${bad:-0}" | tee -a "$out" >&2
  echo "$rps" >> "$work/rps-$4"
  echo "$cpu" >> "$work/cpu-$4"
}

chain() { measure "through the gateway (opaque token)" "https://127.0.0.1:$gateway_port/orders/o-1001" "$opaque" chain; }
direct() { measure "the Orders API directly (its JWT)" "https://127.0.0.1:$orders_port/orders/o-1001" "$jwt" direct; }
for round in $(seq "$rounds"); do
  echo "round $round of $rounds" | tee -a "$out" >&2
  if (( round % 2 )); then chain; direct; else direct; chain; fi
  warm=3s
done
chain_rps=$(median "$work/rps-chain") direct_rps=$(median "$work/rps-direct")
{
  echo "medians: chain $chain_rps req/s at $(median "$work/cpu-chain") us/req; direct $direct_rps req/s at $(median "$work/cpu-direct") us/req"
  awk -v c="$chain_rps" -v d="$direct_rps" 'BEGIN{printf "ratio chain/direct %.2f (target >= 0.67: the chain costs less than a third of the direct throughput)\n", c / d}'
} | tee -a "$out" >&2
echo "Results: $out" >&2
