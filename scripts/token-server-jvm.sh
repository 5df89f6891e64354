# Sourced by scripts/token-server and bench/run-token-server-load.sh: the token server's JVM options.
# A small heap with the serial collector: two cores, short young pauses at this size, and a resident set a
# fraction of a default JVM's. Under load the live set is 20-25 MiB (class histogram after a full GC) and 64 MiB
# would serve the same rate with 60-70 MiB less resident, but the bounded caches must fit at their worst too:
# the failed-authentication throttle (100,000 entries, about 35 MiB when an attacker fills it) and the signed
# introspection forms (16 MiB). For start-up, a class cache made at the first exit and reused after: the
# JDK 25 AOT cache (JEP 514/515: classes loaded and linked, method profiles), or on JDK 21-24 a dynamic
# AppCDS archive. Override everything with TOKEN_SERVER_JVM_OPTIONS.
token_server_jvm_options() { # $1: a directory for the cache; $2: the class path (another one voids the cache)
  if [ -n "${TOKEN_SERVER_JVM_OPTIONS:-}" ]; then
    echo "$TOKEN_SERVER_JVM_OPTIONS"
    return
  fi
  local options="-XX:+UseSerialGC -Xms16m -Xmx128m -XX:MaxMetaspaceSize=128m -XX:ReservedCodeCacheSize=48m -Xss512k"
  options="$options -Dio.netty.allocator.numDirectArenas=1 -Dio.netty.allocator.numHeapArenas=1"
  local major; major=$(java_major "$JAVA_HOME/bin/java")
  if [ "${major%%.*}" -ge 25 ] 2>/dev/null; then
    # The cache holds the classes of the jars it was made from: it is named after them and their times,
    # so a rebuilt jar or another class path makes a new one.
    local key cache
    key=$(tr ':' '\n' <<<"$2" | xargs -r stat -c '%n %Y' 2>/dev/null | sha256sum | cut -c1-16)
    cache="$1/token-server-$key.aot"
    if [ -f "$cache" ]; then
      options="$options -XX:AOTCache=$cache"
    else
      rm -f "$1"/token-server-*.aot
      options="$options -XX:AOTCacheOutput=$cache"
    fi
    options="$options -Xlog:aot=off"
  else
    options="$options -XX:SharedArchiveFile=$1/token-server.jsa -XX:+AutoCreateSharedArchive"
  fi
  echo "$options -Xlog:cds=off"
}
