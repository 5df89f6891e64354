# Shared by the gateway's load scripts (sourced, not run): the nginx upstream and reference proxy, readiness
# waits, CPU ticks and medians. Expects $work (a scratch directory), $upstream_port and the pids array.

wait_for_line() { # $1 log, $2 pattern, $3 pid
  local started; started=$(date +%s)
  until grep -q "$2" "$1" 2>/dev/null; do
    kill -0 "$3" 2>/dev/null || { cat "$1" >&2; exit 1; }
    (( $(date +%s) - started < 120 )) || { echo "error: no '$2' in $1 after 120 s" >&2; exit 1; }
    sleep 0.05
  done
}

nginx_conf() { # $1 role, $2 port, $3 workers, $4 access log, $5 location body
  sed -e "s#@ROLE@#$1#g" -e "s#@PORT@#$2#g" -e "s#@WORKERS@#$3#g" -e "s#@ACCESS_LOG@#$4#g" -e "s#@DIR@#$work#g" \
    -e "s#@UPSTREAM_PORT@#$upstream_port#g" -e "s#@LOCATION@#$5#g" bench/gateway/nginx.conf.template \
    > "$work/nginx-$1.conf"
}

# Starts the tiny API (nginx answering 200 "ok", one worker, no log) on $upstream_port and the reference proxy
# on $1: TLS verified to the upstream as the gateway does it, keep-alive, access log $3 ("off" for none), $2
# workers. $4 and $5 prefix the upstream's and the proxy's commands (taskset, or nothing).
start_nginx() {
  nginx_conf upstream "$upstream_port" 1 off 'return 200 "ok\\n";'
  nginx_conf proxy "$1" "$2" "$3" "proxy_pass https://api; proxy_http_version 1.1; \
proxy_set_header Connection \"\"; proxy_ssl_verify on; proxy_ssl_trusted_certificate $work/server.pem; \
proxy_ssl_name localhost; proxy_ssl_server_name on; proxy_ssl_session_reuse on;"
  local role cpu
  for role in upstream proxy; do
    cpu=${4:-}; [ $role = proxy ] && cpu=${5:-}
    $cpu nginx -p "$work" -c "$work/nginx-$role.conf" -e "$work/nginx-$role-error.log" > "$work/nginx-$role.out" 2>&1 &
    pids+=($!)
  done
}

wait_for_nginx() {
  local role
  for role in upstream proxy; do
    for _ in $(seq 100); do [ -s "$work/nginx-$role.pid" ] && break; sleep 0.05; done
    [ -s "$work/nginx-$role.pid" ] || { echo "error: nginx ($role) did not start:" >&2; cat "$work/nginx-$role.out" >&2; exit 1; }
  done
}

ticks() { # the CPU time, in clock ticks, of the processes $@ (utime + stime)
  local total=0 pid
  for pid in "$@"; do
    total=$(( total + $(awk '{print $14 + $15}' "/proc/$pid/stat") ))
  done
  echo $total
}

median() { # of the numbers in file $1
  sort -n "$1" | awk '{v[NR] = $1} END {print (NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2)}'
}

self_signed_certificate() { # localhost and 127.0.0.1, into $work/server.pem and $work/server-key.pem
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj /CN=localhost -days 2 \
    -addext subjectAltName=IP:127.0.0.1,DNS:localhost -keyout "$work/server-key.pem" -out "$work/server.pem" 2>/dev/null
}
