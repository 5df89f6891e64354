#!/usr/bin/env bash
# A bounded load run of the gateway with wrk, on loopback, all in one run: the same tiny HTTPS upstream (nginx
# answering 200 "ok") measured directly, through nginx as a plain reverse proxy, and through the apisec gateway
# on a public route and on a phantom route with a warm cache, and vertx-http-proxy as it comes (the gateway's
# library, no interceptor: its floor); p50/p99, each proxy's own CPU time per request
# (from /proc/<pid>/stat before and after each run, since wrk shares the two cores), the introspection calls
# made during the phantom run, and the gateway's resident memory. Each target is warmed up first (not
# recorded); every measured run lasts DURATION (default 10s) at CONNECTIONS (default 16). SOAK=600s adds a
# long phantom run that samples the gateway's resident memory every minute. WARMUP (default 15s) is each
# target's warm-up (the JIT still compiles the gateway's paths after 5 s); THREADS=1 adds CPU time by thread.
# LISTENERS=N gives nginx N workers, the gateways N listeners and the bare library N event loops (default: one per
# core each).
# COMPARE_JAR=path/to/apisec-gateway.jar (another build, for example a copy of gateway/target's jar made before a
# change) runs that gateway too, with the same configuration, measured in the same run right after this one:
# how one change is measured on a machine whose runs differ by ±20%. COMPARE_JVM_OPTIONS adds JVM options to the
# compared gateway only (COMPARE_JAR may then be this very build: another garbage collector, say). PIN=1 puts the proxies (nginx with one
# worker, the gateways) on core 0 and wrk and the upstream on core 1 (taskset): each proxy then has one core of
# its own, so its throughput is bounded by its own cost per request; for comparing builds. ROUNDS=N (default 1)
# measures every target N times in turn (3 s warm-ups after the first round) and reports the medians, on which
# the ratios are then computed: this machine's single runs differ by ±20% and more. PROFILE=path/to/
# libasyncProfiler.so attaches async-profiler (CPU, 1 ms) to each Java proxy during its measured runs only (not its
# warm-ups) and leaves collapsed stacks in bench/results/profiles/ with the run's request count: what a request
# costs where, for comparing the gateway with the bare library request for request (bench/profile-diff.py).
# Output: bench/results/gateway-load.txt
#
# Usage: bench/run-gateway-load.sh        (needs wrk and nginx: apt-get install wrk nginx)
set -euo pipefail
[ -z "${PROFILE:-}" ] || PROFILE=$(readlink -f "$PROFILE")  # before the cd: relative to where it was given
cd "$(dirname "$0")/.."
. scripts/find-jdk.sh
. scripts/token-server-jvm.sh
. scripts/netty-jvm.sh
. bench/gateway/load-lib.sh
find_jdk
for tool in wrk nginx openssl curl; do
  command -v $tool >/dev/null || { echo "error: $tool is needed: apt-get install wrk nginx openssl curl" >&2; exit 1; }
done
duration=${DURATION:-10s}
# LISTENERS: nginx's workers, the gateways' listeners and the bare library's instances, the same for all (one
# per core by default, as each of them defaults to; unset, the gateways' files leave it to their default, so that
# a COMPARE_JAR older than the setting still reads them).
listeners=${LISTENERS:-$(nproc)}
listeners_line="s#@LISTENERS@#$listeners#g"
[ -n "${LISTENERS:-}" ] || [ -n "${PIN:-}" ] || listeners_line="/@LISTENERS@/d"
proxy_cpu="" load_cpu=""
if [ -n "${PIN:-}" ]; then
  command -v taskset >/dev/null || { echo "error: PIN=1 needs taskset (apt-get install util-linux)" >&2; exit 1; }
  proxy_cpu="taskset -c 0" load_cpu="taskset -c 1" listeners=1
fi
proxy_workers=$listeners
connections=${CONNECTIONS:-16}
work=$(mktemp -d)
out=bench/results/gateway-load.txt
mkdir -p bench/results
pids=()
trap 'for p in "${pids[@]}"; do kill $p 2>/dev/null || true; done; wait 2>/dev/null; rm -rf "$work"' EXIT
ts_port=18443 upstream_port=18081 nginx_port=18082 gateway_port=18444 admin_port=18445

echo "Building the token server, the gateway and the benchmarks..." >&2
./mvnw -B -q -pl token-server,gateway -am -DskipTests install
./mvnw -B -q -pl bench -DskipTests package
for module in token-server gateway; do
  ./mvnw -B -q -pl $module dependency:build-classpath -Dmdep.outputFile="$work/$module.cp" -DincludeScope=runtime
done
ts_cp="$(ls -t token-server/target/apisec-token-server-*.jar | grep -v -e tests -e sources | head -1):$(cat "$work/token-server.cp")"
gw_cp="$(ls -t gateway/target/apisec-gateway-*.jar | grep -v -e tests -e sources | head -1):$(cat "$work/gateway.cp")"
self_signed_certificate
export BENCH_MASTER_KEY=$(openssl rand -base64 32) BENCH_SECRET=$(openssl rand -hex 32)

echo "Starting the token server, the upstream, nginx and the gateway..." >&2
# ALGORITHM (default RS256) signs the JWTs the gateway forwards: ES256's are ~250 characters shorter.
sed -e "s#@PORT@#$ts_port#g" -e "s#@DIR@#$work#g" -e "s#@JDBC_URL@#jdbc:h2:file:$work/h2/apisec#g" \
  -e "s#@DB_USER@#sa#g" -e "s#algorithm: RS256#algorithm: ${ALGORITHM:-RS256}#" \
  bench/token-server/bench.yaml.template > "$work/token-server.yaml"
# shellcheck disable=SC2046
"$JAVA_HOME/bin/java" $(token_server_jvm_options "$work" "$ts_cp") -cp "$ts_cp" io.apisec.tokenserver.TokenServer \
  --config "$work/token-server.yaml" > "$work/token-server.log" 2>&1 &
ts_pid=$!; pids+=($ts_pid)

# The reference proxy has an access log like the gateway's, and as many workers as the gateway has listeners.
start_nginx $nginx_port $proxy_workers "$work/nginx-access.log" "$load_cpu" "$proxy_cpu"
wait_for_line "$work/token-server.log" 'Started in' $ts_pid

sed -e "s#@PORT@#$gateway_port#g" -e "s#@ADMIN_PORT@#$admin_port#g" -e "s#@DIR@#$work#g" -e "$listeners_line" \
  -e "s#@TOKEN_SERVER_PORT@#$ts_port#g" -e "s#@UPSTREAM_PORT@#$upstream_port#g" \
  bench/gateway/gateway.yaml.template > "$work/gateway.yaml"
gateway_options=${GATEWAY_JVM_OPTIONS:-$(netty_jvm_options) -XX:+UseSerialGC -Xms64m -Xmx256m}
# As async-profiler advises: with DebugNonSafepoints from the start, samples name the right inlined methods.
[ -z "${PROFILE:-}" ] || gateway_options="$gateway_options -XX:+UnlockDiagnosticVMOptions -XX:+DebugNonSafepoints"
# shellcheck disable=SC2086
$proxy_cpu "$JAVA_HOME/bin/java" $gateway_options -cp "$gw_cp" io.apisec.gateway.GatewayMain --config "$work/gateway.yaml" \
  > "$work/gateway.log" 2>&1 &
gw_pid=$!; pids+=($gw_pid)
wait_for_line "$work/gateway.log" 'Gateway listening' $gw_pid
compare_port=18454
if [ -n "${COMPARE_JAR:-}" ]; then
  sed -e "s#@PORT@#$compare_port#g" -e "s#@ADMIN_PORT@#$((admin_port + 10))#g" -e "s#@DIR@#$work#g" \
    -e "$listeners_line" \
    -e "s#@TOKEN_SERVER_PORT@#$ts_port#g" -e "s#@UPSTREAM_PORT@#$upstream_port#g" \
    bench/gateway/gateway.yaml.template > "$work/gateway-compare.yaml"
  # shellcheck disable=SC2086
  $proxy_cpu "$JAVA_HOME/bin/java" $gateway_options ${COMPARE_JVM_OPTIONS:-} -cp "$COMPARE_JAR:$(cat "$work/gateway.cp")" io.apisec.gateway.GatewayMain \
    --config "$work/gateway-compare.yaml" > "$work/gateway-compare.log" 2>&1 &
  compare_pid=$!; pids+=($compare_pid)
  wait_for_line "$work/gateway-compare.log" 'Gateway listening' $compare_pid
fi
# vertx-http-proxy as it comes, no interceptor, same JVM options and cores (bench/run-proxy-floor.sh): the floor
# of the library the gateway is built on, so that the gateway's own cost shows beside it.
floor_port=18460
# shellcheck disable=SC2086
$proxy_cpu "$JAVA_HOME/bin/java" $gateway_options -Dlisteners=$listeners -cp bench/target/benchmarks.jar io.apisec.bench.proxy.ProxyFloor \
  vertx-http-proxy $floor_port $upstream_port "$work" > "$work/floor.log" 2>&1 &
floor_pid=$!; pids+=($floor_pid)
wait_for_line "$work/floor.log" 'Listening' $floor_pid
wait_for_nginx
nginx_master=$(cat "$work/nginx-proxy.pid")

token() { # $1 client, $2 scope
  curl -sf --cacert "$work/server.pem" -u "$1:$BENCH_SECRET" -d grant_type=client_credentials -d "scope=$2" \
    "https://localhost:$ts_port/oauth/token" | sed -E 's/.*"access_token":"([^"]+)".*/\1/'
}
opaque=$(token bench-opaque orders:read)
admin=$(token bench-admin gateway:metrics)
introspections() {
  curl -sf --cacert "$work/server.pem" -H "Authorization: Bearer $admin" "https://localhost:${metrics_port:-$admin_port}/metrics" \
    | awk '/^apisec_gateway_introspections_total/{n+=$2} END{print n+0}'
}
clock_ticks=$(getconf CLK_TCK)
thread_ticks() { # "name:tid ticks" per thread of the processes $@, sorted for join
  local pid task
  for pid in "$@"; do
    for task in /proc/$pid/task/*; do
      awk -v t="${task##*/}" '{ sub(/^[^(]*\(/, ""); name = $0; sub(/\).*/, "", name); gsub(/ /, "_", name);
        sub(/^[^)]*\) /, ""); print name ":" t, $12 + $13 }' "$task/stat"
    done
  done | sort
}

{
  echo "# Gateway load run, $(date -u +%Y-%m-%dT%H:%M:%SZ), commit $(git rev-parse --short HEAD)"
  echo "# machine: $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)), $(free -g | awk '/Mem:/{print $2}') GiB;" \
       "JDK $("$JAVA_HOME/bin/java" -version 2>&1 | head -1); $(nginx -v 2>&1); $([ -n "${PIN:-}" ] && echo 'PIN=1: proxies on core 0, wrk and the upstream on core 1' || echo 'wrk, the proxies and the upstream share the machine')"
  echo "# command: bench/run-gateway-load.sh (DURATION=$duration, wrk -t2 -c$connections --latency, HTTPS everywhere, HTTP/1.1, $listeners listener(s) or worker(s) per proxy)"
  echo "# gateway JVM options: $gateway_options; JWTs signed with ${ALGORITHM:-RS256}"
  [ -z "${PROFILE:-}" ] || echo "# PROFILE=$PROFILE: the Java proxies ran under async-profiler, their CPU inflated"
  [ -z "${COMPARE_JAR:-}" ] || echo "# compared with: $COMPARE_JAR"
} > "$out"

# With counted=1 (phantom runs), the gateway's introspection counter is read before the warm-up and after the
# measured run: the count covers both. Not between them: a scrape of the admin listener (another handler, and a
# token checked by the same code as the phantom route's) makes the JIT throw away code compiled for the proxy's
# types, and the measured run would pay for its recompilation.
measure() { # $1 label, $2 url, $3 "pids to charge CPU to" (may be empty), then wrk options
  local label=$1 url=$2 charged=$3; shift 3
  local before_calls=0
  [ -z "${counted:-}" ] || before_calls=$(introspections)
  $load_cpu wrk -t2 -c"$connections" -d"$warm" "$@" "$url" > /dev/null   # warm-up, not recorded
  local before_ticks=0
  [ -n "$charged" ] && before_ticks=$(ticks $charged)
  [ -n "${THREADS:-}" ] && [ -n "$charged" ] && thread_ticks $charged > "$work/threads-before"
  local java_pid=""
  if [ -n "${PROFILE:-}" ] && [ -n "$charged" ] && [ "$(cat "/proc/${charged%% *}/comm")" = java ]; then
    java_pid=$charged
    # Quoted: jcmd would take the options' "=" for its own argument names.
    "$JAVA_HOME/bin/jcmd" "$java_pid" JVMTI.agent_load "$PROFILE" "\"start,event=cpu,interval=1ms\"" > /dev/null
  fi
  local result; result=$($load_cpu wrk -t2 -c"$connections" -d"$duration" --latency "$@" "$url")
  local cpu="-"
  local requests; requests=$(echo "$result" | awk '/requests in/{print $1}')
  if [ -n "$java_pid" ]; then
    local profile; profile="bench/results/profiles/$(echo -n "$label" | tr -c 'a-z0-9' -).$requests-requests.collapsed"
    mkdir -p bench/results/profiles
    "$JAVA_HOME/bin/jcmd" "$java_pid" JVMTI.agent_load "$PROFILE" "\"stop,collapsed,file=$PWD/$profile\"" > /dev/null
  fi
  if [ -n "$charged" ]; then
    cpu=$(awk -v t=$(( $(ticks $charged) - before_ticks )) -v hz=$clock_ticks -v n="$requests" \
      'BEGIN{printf "%.1f", t / hz * 1e6 / n}')
  fi
  if [ -n "${THREADS:-}" ] && [ -n "$charged" ]; then
    thread_ticks $charged > "$work/threads-after"
    echo "  CPU by thread (ticks of 1/$clock_ticks s): $(join "$work/threads-before" "$work/threads-after" \
      | awk '{d = $3 - $2; if (d > 0) print d, $1}' | sort -rn | head -6 | tr '\n' ' ')" | tee -a "$out" >&2
  fi
  local calls=-
  [ -z "${counted:-}" ] || calls=$(( $(introspections) - before_calls ))
  local rps p50 p99 bad
  rps=$(echo "$result" | awk '/Requests\/sec/{print $2}')
  p50=$(echo "$result" | awk '$1=="50%"{print $2}')
  p99=$(echo "$result" | awk '$1=="99%"{print $2}')
  bad=$(echo "$result" | awk '/Non-2xx/{print $5}')
  printf '%-30s %10s req/s   p50 %-9s p99 %-9s CPU %6s us/req   non-2xx %-6s introspections %s\n' \
    "$label" "$rps" "$p50" "$p99" "$cpu" "${bad:-0}" "$calls" | tee -a "$out" >&2
  echo "$rps" >> "$work/rps-$(echo "$label" | tr -c 'a-z' _)"
  echo "$cpu" >> "$work/cpu-$(echo "$label" | tr -c 'a-z' _)"
}

echo "Measuring (each target: ${WARMUP:-15s} warm-up, then $duration)..." >&2
# The gateway's code paths are compiled by the JIT first, both routes, before anything is measured.
$load_cpu wrk -t2 -c"$connections" -d"${WARMUP:-15s}" "https://127.0.0.1:$floor_port/public" > /dev/null
$load_cpu wrk -t2 -c"$connections" -d"${WARMUP:-15s}" "https://127.0.0.1:$gateway_port/public" > /dev/null
$load_cpu wrk -t2 -c"$connections" -d"${WARMUP:-15s}" -H "Authorization: Bearer $opaque" \
  "https://127.0.0.1:$gateway_port/orders/1" > /dev/null
if [ -n "${COMPARE_JAR:-}" ]; then
  $load_cpu wrk -t2 -c"$connections" -d"${WARMUP:-15s}" "https://127.0.0.1:$compare_port/public" > /dev/null
  $load_cpu wrk -t2 -c"$connections" -d"${WARMUP:-15s}" -H "Authorization: Bearer $opaque" \
    "https://127.0.0.1:$compare_port/orders/1" > /dev/null
fi
warm=${WARMUP:-15s}
measure_gateway() {
  metrics_port=$admin_port
  measure "apisec gateway, public route" "https://127.0.0.1:$gateway_port/public" "$gw_pid"
  counted=1 measure "apisec gateway, phantom route" "https://127.0.0.1:$gateway_port/orders/1" "$gw_pid" \
    -H "Authorization: Bearer $opaque"
}
measure_compared() {
  metrics_port=$((admin_port + 10))
  measure "compared gateway, public" "https://127.0.0.1:$compare_port/public" "$compare_pid"
  counted=1 measure "compared gateway, phantom" "https://127.0.0.1:$compare_port/orders/1" "$compare_pid" \
    -H "Authorization: Bearer $opaque"
}
for round in $(seq "${ROUNDS:-1}"); do
  [ "${ROUNDS:-1}" = 1 ] || echo "round $round of $ROUNDS" | tee -a "$out" >&2
  metrics_port=$admin_port
  measure "direct to the upstream" "https://127.0.0.1:$upstream_port/public" ""
  measure "nginx reverse proxy" "https://127.0.0.1:$nginx_port/public" "$nginx_master $(pgrep -P "$nginx_master" | xargs)"
  measure "vertx-http-proxy, bare" "https://127.0.0.1:$floor_port/public" "$floor_pid"
  # The two builds take turns at going first: neither always runs right after the other.
  if [ -z "${COMPARE_JAR:-}" ]; then
    measure_gateway
  elif (( round % 2 )); then
    measure_gateway; measure_compared
  else
    measure_compared; measure_gateway
  fi
  warm=3s
done
rps() { median "$work/rps-$(echo "$1" | tr -c 'a-z' _)"; }
cpu() { median "$work/cpu-$(echo "$1" | tr -c 'a-z' _)"; }
if [ "${ROUNDS:-1}" != 1 ]; then
  echo "medians of $ROUNDS rounds:" | tee -a "$out" >&2
  for file in "$work"/rps-*; do
    label=${file##*/rps-}
    printf '  %-30s %10s req/s   CPU %6s us/req\n' "${label//_/ }" "$(median "$file")" \
      "$(median "$work/cpu-$label")" | tee -a "$out" >&2
  done
fi
awk -v n="$(rps 'nginx reverse proxy')" -v pub="$(rps 'apisec gateway, public route')" \
    -v ph="$(rps 'apisec gateway, phantom route')" -v d="$(rps 'direct to the upstream')" -v r="${ROUNDS:-1}" 'BEGIN{
  printf "ratios (same run%s): nginx/direct %.2f; gateway public/nginx %.2f; gateway phantom/nginx %.2f\n",
    r == 1 ? "" : ", medians", n/d, pub/n, ph/n }' | tee -a "$out" >&2
awk -v n="$(rps 'nginx reverse proxy')" -v f="$(rps 'vertx-http-proxy, bare')" -v nc="$(cpu 'nginx reverse proxy')" \
    -v fc="$(cpu 'vertx-http-proxy, bare')" -v pc="$(cpu 'apisec gateway, phantom route')" 'BEGIN{
  printf "the library floor: bare vertx-http-proxy/nginx %.2f at %.2fx its CPU per request; gateway phantom route" \
    " %.2fx the bare library per request (+%.1f us of CPU)\n", f/n, fc/nc, pc/fc, pc - fc }' | tee -a "$out" >&2
if [ -n "${COMPARE_JAR:-}" ]; then
  awk -v pub="$(rps 'apisec gateway, public route')" -v ph="$(rps 'apisec gateway, phantom route')" \
      -v cpub="$(rps 'compared gateway, public')" -v cph="$(rps 'compared gateway, phantom')" \
      -v t="$(cpu 'apisec gateway, phantom route')" -v ct="$(cpu 'compared gateway, phantom')" 'BEGIN{
    printf "this build / compared build (same run): throughput public %.2f, phantom %.2f; phantom CPU per request %.2f\n",
      pub/cpub, ph/cph, t/ct }' \
    | tee -a "$out" >&2
fi
echo "gateway resident memory after the runs: $(( $(ps -o rss= -p $gw_pid) / 1024 )) MiB" | tee -a "$out" >&2

if [ -n "${SOAK:-}" ]; then
  echo "Soak: the phantom route for $SOAK, resident memory every minute..." >&2
  $load_cpu wrk -t2 -c"$connections" -d"$SOAK" -H "Authorization: Bearer $opaque" \
    "https://127.0.0.1:$gateway_port/orders/1" > "$work/soak.txt" &
  soak=$!
  samples=""
  while kill -0 $soak 2>/dev/null; do
    sleep 60
    samples="$samples $(( $(ps -o rss= -p $gw_pid) / 1024 ))"
  done
  echo "soak $SOAK on the phantom route: $(awk '/Requests\/sec/{print $2}' "$work/soak.txt") req/s; gateway" \
       "resident MiB each minute:$samples" | tee -a "$out" >&2
fi
echo "Results: $out" >&2
