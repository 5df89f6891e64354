#!/usr/bin/env bash
# The floor under the gateway: the same trivial HTTPS reverse proxy (no checks, no log) built on each I/O stack
# the gateway could use — vertx-http-proxy as it comes, a hand-written forward on Vert.x's HTTP server and client,
# and Netty alone — measured with wrk beside nginx as a plain reverse proxy, in the same run, in ROUNDS (default
# 3) rounds: requests/s, p50/p99 and each proxy's own CPU time per request, then the medians. Whatever the gateway
# adds, it cannot cost less than the floor of the stack it forwards with. Same machine layout as
# run-gateway-load.sh: wrk, the upstream and the proxies share the cores, every run lasts DURATION (default 10s)
# after a WARMUP (default 15s; 3 s after the first round), CONNECTIONS (default 16).
# KINDS (default "vertx-http-proxy vertx-core netty") chooses the proxies; vertx-http-proxy-12-interceptors is the
# library with as many pass-through interceptors as the gateway has steps; netty-gateway is the Netty floor doing
# the gateway's least work per request (route, path rules, header hygiene, phantom-token cache hit, metrics, JSON
# access log: GatewayWorkSketch), what a gateway with a Netty data path would cost at best; compare it with
# ACCESS_LOG=1, which gives nginx its access log too, as in run-gateway-load.sh.
# Output: bench/results/proxy-floor.txt
#
# Usage: bench/run-proxy-floor.sh        (needs wrk and nginx: apt-get install wrk nginx)
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/find-jdk.sh
. scripts/netty-jvm.sh
. bench/gateway/load-lib.sh
find_jdk
for tool in wrk nginx openssl; do
  command -v $tool >/dev/null || { echo "error: $tool is needed: apt-get install wrk nginx openssl" >&2; exit 1; }
done
duration=${DURATION:-10s} connections=${CONNECTIONS:-16} rounds=${ROUNDS:-3}
work=$(mktemp -d)
out=bench/results/proxy-floor.txt
mkdir -p bench/results
pids=()
trap 'for p in "${pids[@]}"; do kill $p 2>/dev/null || true; done; wait 2>/dev/null; rm -rf "$work"' EXIT
upstream_port=18081 nginx_port=18082
kinds=(${KINDS:-vertx-http-proxy vertx-core netty})

echo "Building the benchmarks..." >&2
./mvnw -B -q -pl bench -am -DskipTests package
self_signed_certificate
start_nginx $nginx_port auto "$([ "${ACCESS_LOG:-0}" != 0 ] && echo "$work/nginx-access.log" || echo off)"
declare -A port pid
next=18100
for kind in "${kinds[@]}"; do
  next=$((next + 1)); port[$kind]=$next
  # shellcheck disable=SC2046
  "$JAVA_HOME/bin/java" $(netty_jvm_options) -XX:+UseSerialGC -Xms64m -Xmx256m \
    -cp bench/target/benchmarks.jar io.apisec.bench.proxy.ProxyFloor "$kind" "$next" $upstream_port "$work" \
    > "$work/$kind.log" 2>&1 &
  pid[$kind]=$!; pids+=($!)
done
wait_for_nginx
for kind in "${kinds[@]}"; do wait_for_line "$work/$kind.log" 'Listening' "${pid[$kind]}"; done
nginx_master=$(cat "$work/nginx-proxy.pid")

{
  echo "# Proxy floor run, $(date -u +%Y-%m-%dT%H:%M:%SZ), commit $(git rev-parse --short HEAD)"
  echo "# machine: $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)); JDK" \
       "$("$JAVA_HOME/bin/java" -version 2>&1 | head -1); $(nginx -v 2>&1); wrk, the proxies and the upstream share the machine"
  echo "# command: KINDS=\"${kinds[*]}\" ACCESS_LOG=${ACCESS_LOG:-} bench/run-proxy-floor.sh (ROUNDS=$rounds," \
       "DURATION=$duration, wrk -t2 -c$connections, HTTPS everywhere); JVM options: $(netty_jvm_options)"
} > "$out"

measure() { # $1 label, $2 url, $3 warm-up, then the pids to charge CPU to
  local label=$1 url=$2 warm=$3; shift 3
  wrk -t2 -c"$connections" -d"$warm" "${token[@]}" "$url" > /dev/null
  local before; before=$(ticks "$@")
  local result; result=$(wrk -t2 -c"$connections" -d"$duration" --latency "${token[@]}" "$url")
  local requests rps cpu
  requests=$(echo "$result" | awk '/requests in/{print $1}')
  rps=$(echo "$result" | awk '/Requests\/sec/{print $2}')
  cpu=$(awk -v t=$(( $(ticks "$@") - before )) -v hz="$(getconf CLK_TCK)" -v n="$requests" \
    'BEGIN{printf "%.1f", t / hz * 1e6 / n}')
  printf '%-18s %10s req/s   p50 %-9s p99 %-9s CPU %6s us/req\n' "$label" "$rps" \
    "$(echo "$result" | awk '$1=="50%"{print $2}')" "$(echo "$result" | awk '$1=="99%"{print $2}')" "$cpu" \
    | tee -a "$out" >&2
  echo "$rps" >> "$work/rps-$label"
  echo "$cpu" >> "$work/cpu-$label"
}

warm=${WARMUP:-15s}
opaque=$(openssl rand -hex 24)
for round in $(seq "$rounds"); do
  echo "round $round of $rounds" | tee -a "$out" >&2
  token=()
  measure nginx "https://127.0.0.1:$nginx_port/" "$warm" "$nginx_master" $(pgrep -P "$nginx_master" | xargs)
  for kind in "${kinds[@]}"; do
    path=/ token=()
    # The sketch's phantom route: a bearer token, looked up (a cache hit) and swapped for a JWT.
    [[ $kind == netty-gateway* ]] && path=/orders/1 token=(-H "Authorization: Bearer $opaque")
    measure "$kind" "https://127.0.0.1:${port[$kind]}$path" "$warm" "${pid[$kind]}"
  done
  warm=3s
done
echo "medians of $rounds rounds (throughput and CPU per request, each also as a ratio to nginx's):" | tee -a "$out" >&2
nginx_rps=$(median "$work/rps-nginx") nginx_cpu=$(median "$work/cpu-nginx")
for label in nginx "${kinds[@]}"; do
  awk -v l="$label" -v r="$(median "$work/rps-$label")" -v c="$(median "$work/cpu-$label")" -v nr="$nginx_rps" \
    -v nc="$nginx_cpu" 'BEGIN{printf "  %-18s %10.0f req/s (%.2fx nginx)   CPU %6.1f us/req (%.2fx nginx)\n", l, r,
    r / nr, c, c / nc}' | tee -a "$out" >&2
done
echo "Results: $out" >&2
