# Sourced by .ci/run, bin/apisec and ./quickstart: points JAVA_HOME at a JDK of 21 or newer.
# Looks at JAVA_HOME, then the java on PATH, then /usr/lib/jvm/*; says what to do when there is none.

java_major() { # prints the feature version of the java binary $1, or nothing
  "$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p' | head -n 1
}

jdk_ok() { # $1: a JDK home; true when it has java and javac of version 21+
  [ -x "$1/bin/java" ] && [ -x "$1/bin/javac" ] || return 1
  local v; v=$(java_major "$1/bin/java")
  [ -n "$v" ] && [ "${v%%.*}" -ge 21 ] 2>/dev/null
}

find_jdk() {
  if [ -n "${JAVA_HOME:-}" ] && jdk_ok "$JAVA_HOME"; then return 0; fi
  if [ -n "${JAVA_HOME:-}" ]; then
    echo "note: JAVA_HOME=$JAVA_HOME is not a JDK 21+; looking elsewhere" >&2
  fi
  local java_on_path home
  if java_on_path=$(command -v java 2>/dev/null); then
    home=$(dirname "$(dirname "$(readlink -f "$java_on_path")")")
    if jdk_ok "$home"; then export JAVA_HOME="$home"; return 0; fi
  fi
  for home in $(ls -d /usr/lib/jvm/*/ 2>/dev/null | sort -rV); do
    home=${home%/}
    if jdk_ok "$home"; then export JAVA_HOME="$home"; return 0; fi
  done
  cat >&2 <<'MSG'
error: apisec needs a JDK 21 or newer, and none was found
  (looked at JAVA_HOME, the java on PATH, and /usr/lib/jvm/*).
  Install one (for example: apt-get install openjdk-21-jdk, or Temurin 21/25), then either
  put its bin/ first on PATH or run:  export JAVA_HOME=/path/to/that/jdk
MSG
  return 1
}
