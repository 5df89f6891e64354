# Sourced by the scripts that start the gateway and the gateway's benchmarks (Vert.x/Netty servers): the
# JVM options that let Netty do its I/O at full speed on this JDK. On JDK 25, Netty no longer uses
# sun.misc.Unsafe unless the JVM allows it (JEP 471/498: io.netty.noUnsafe is then true by default), and every
# byte it puts in or takes from a direct buffer goes through a checked ByteBuffer call: measured in the same run
# (bench/README.md, gateway section), allowing it cut the gateway's CPU per request by 18%. The option exists from
# JDK 23; JDK 21 and 22 allow Unsafe anyway. --enable-native-access lets the io_uring, epoll and BoringSSL libraries
# load without warnings. From JDK 25 (JEP 519), compact object headers: objects 4 bytes smaller, so less to allocate
# and collect per request; measured twice with the roles swapped, the phantom route 1.11x and 1.08x the throughput
# (bench/README.md, 2026-11-30, morning).
netty_jvm_options() {
  local options="--enable-native-access=ALL-UNNAMED" major
  major=$(java_major "$JAVA_HOME/bin/java")
  if [ "${major%%.*}" -ge 23 ] 2>/dev/null; then
    options="$options --sun-misc-unsafe-memory-access=allow"
  fi
  if [ "${major%%.*}" -ge 25 ] 2>/dev/null; then
    options="$options -XX:+UseCompactObjectHeaders"
  fi
  echo "$options"
}
