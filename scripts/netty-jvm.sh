# Sourced by the scripts that start the gateway and the gateway's benchmarks (Vert.x/Netty servers): the
# JVM options that let Netty do its I/O at full speed on this JDK. On JDK 25, Netty no longer uses
# sun.misc.Unsafe unless the JVM allows it (JEP 471/498: io.netty.noUnsafe is then true by default), and every
# byte it puts in or takes from a direct buffer goes through a checked ByteBuffer call: measured in the same run
# (bench/README.md, gateway section), allowing it cut the gateway's CPU per request by 18%. The option exists from
# JDK 23; JDK 21 and 22 allow Unsafe anyway. --enable-native-access lets the epoll and BoringSSL libraries load
# without warnings.
netty_jvm_options() {
  local options="--enable-native-access=ALL-UNNAMED" major
  major=$(java_major "$JAVA_HOME/bin/java")
  if [ "${major%%.*}" -ge 23 ] 2>/dev/null; then
    options="$options --sun-misc-unsafe-memory-access=allow"
  fi
  echo "$options"
}
