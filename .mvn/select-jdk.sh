# Sourced by ./mvnw, ./taskpod and .ci/run: makes JAVA_HOME point at a JDK 21 or newer.
# Keeps JAVA_HOME when it already is one; otherwise picks the newest JDK 21+ among the java on PATH and
# the usual install locations. Prints a clear message and fails when there is none.

taskpod_jdk_major() {
    # Major version of the JDK at $1, read from its release file (no JVM start); empty if not a JDK.
    [ -x "$1/bin/javac" ] && [ -f "$1/release" ] || return 0
    sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$1/release" | head -n 1
}

taskpod_select_jdk() {
    if [ -n "${JAVA_HOME:-}" ]; then
        major=$(taskpod_jdk_major "$JAVA_HOME")
        if [ -n "$major" ] && [ "$major" -ge 21 ]; then
            return 0
        fi
    fi
    best=""
    best_major=0
    path_java=$(command -v java 2>/dev/null || true)
    if [ -n "$path_java" ]; then
        path_home=$(dirname "$(dirname "$(readlink -f "$path_java")")")
    else
        path_home=""
    fi
    case $- in *f*) glob_was_off=1; set +f ;; *) glob_was_off=0 ;; esac
    for candidate in "$path_home" /usr/lib/jvm/* /opt/java/* /opt/jdk* "$HOME"/.sdkman/candidates/java/* \
            /Library/Java/JavaVirtualMachines/*/Contents/Home; do
        [ -d "$candidate" ] || continue
        major=$(taskpod_jdk_major "$candidate")
        if [ -n "$major" ] && [ "$major" -ge 21 ] && [ "$major" -gt "$best_major" ]; then
            best="$candidate"
            best_major="$major"
        fi
    done
    [ "$glob_was_off" = 1 ] && set -f
    if [ -z "$best" ]; then
        echo "taskpod needs a JDK 21 or newer and found none (JAVA_HOME=${JAVA_HOME:-unset}, java on PATH: ${path_java:-none})." >&2
        echo "Install one (e.g. Temurin 21 or 25) or set JAVA_HOME to it." >&2
        return 1
    fi
    JAVA_HOME="$best"
    export JAVA_HOME
}

taskpod_select_jdk || exit 1
