# shellcheck shell=bash
# Finds a JDK 21 or newer for ./capstan and .ci/run. Source this file, then call find_java.
#
# Search order: $JAVA_HOME if it is 21+, else the newest 21+ JDK under $CAPSTAN_JVM_DIR
# (default /usr/lib/jvm, where Debian and Ubuntu packages install), else `java` on PATH if 21+.
# A JDK (with javac) is required, not a JRE, because ./capstan builds the services.

CAPSTAN_MIN_JAVA=21

# Prints the major Java version of the JDK at $1 (e.g. 21; 1 for Java 8), or nothing.
java_major_version() {
  local home=$1 spec
  [[ -x "$home/bin/java" && -x "$home/bin/javac" ]] || return 0
  spec=$("$home/bin/java" -XshowSettings:properties -version 2>&1 \
    | awk -F'= ' '/^ *java.specification.version =/ {print $2; exit}')
  echo "${spec%%.*}"
}

# Prints the java.home of the `java` command on PATH, or nothing.
java_home_on_path() {
  command -v java >/dev/null 2>&1 || return 0
  java -XshowSettings:properties -version 2>&1 | awk -F'= ' '/^ *java.home =/ {print $2; exit}'
}

# Prints the home of a JDK 21+ and returns 0, or prints why there is none to stderr and returns 1.
find_java() {
  local version home best="" best_version=0
  if [[ -n "${JAVA_HOME:-}" ]]; then
    version=$(java_major_version "$JAVA_HOME")
    if [[ -n "$version" && "$version" -ge $CAPSTAN_MIN_JAVA ]]; then
      echo "$JAVA_HOME"
      return 0
    fi
  fi
  for home in "${CAPSTAN_JVM_DIR:-/usr/lib/jvm}"/*/; do
    home=${home%/}
    [[ -L "$home" ]] && continue # Debian links aliases (default-java, java-1.17.0-...) to real dirs
    version=$(java_major_version "$home")
    if [[ -n "$version" && "$version" -ge $CAPSTAN_MIN_JAVA && "$version" -gt $best_version ]]; then
      best=$home
      best_version=$version
    fi
  done
  if [[ -n "$best" ]]; then
    echo "$best"
    return 0
  fi
  home=$(java_home_on_path)
  if [[ -n "$home" ]]; then
    version=$(java_major_version "$home")
    if [[ -n "$version" && "$version" -ge $CAPSTAN_MIN_JAVA ]]; then
      echo "$home"
      return 0
    fi
  fi
  {
    echo "error: Capstan needs a JDK $CAPSTAN_MIN_JAVA or newer, and found none."
    if [[ -n "${JAVA_HOME:-}" ]]; then
      echo "  JAVA_HOME=$JAVA_HOME is not a JDK $CAPSTAN_MIN_JAVA+ (version: $(java_major_version "$JAVA_HOME"))."
    fi
    echo "  Searched: \$JAVA_HOME, ${CAPSTAN_JVM_DIR:-/usr/lib/jvm}/*, and java on PATH."
    echo "  Install a JDK $CAPSTAN_MIN_JAVA+ (e.g. 'apt-get install openjdk-21-jdk' or https://adoptium.net),"
    echo "  or set JAVA_HOME to one."
  } >&2
  return 1
}
