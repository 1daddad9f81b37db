#!/usr/bin/env bash
# Creates the ahead-of-time cache of taskpod's runnable jar (JDK 24+, JEP 483/514/515) next to it: JAR's name with
# .aot instead of .jar, which ./taskpod passes to every JVM it starts. The training run is a pod's worker at work
# (`taskpod tasks run` of one example task, queued in an embedded PostgreSQL that io.taskpod.app.aot.AotTraining sets
# up in another JVM), recorded with the options ./taskpod gives short-lived JVMs, then turned into the cache.
#
#   app/create-aot-cache.sh JAR        e.g. app/target/taskpod.jar; the build runs it after packaging the jar
#
# The cache is valid only for the same JDK build and the same jar file (path, size, modification time): an image build
# runs this again where the jar will run. With a JDK older than 24, or when the training fails (say the embedded
# PostgreSQL cannot run here), it creates nothing, says why and exits 0: ./taskpod then uses a class-data sharing
# archive instead. The java of $JAVA_HOME is used, else the one on PATH.
set -euo pipefail
if [ $# -ne 1 ] || [ ! -f "$1" ]; then
    echo "usage: $0 JAR (the runnable taskpod jar)" >&2
    exit 2
fi
jar="$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"
java="${JAVA_HOME:+$JAVA_HOME/bin/}java"
major=$("$java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.specification\.version = \([0-9]*\).*/\1/p')
cache="${jar%.jar}.aot"
if [ -z "$major" ] || [ "$major" -lt 24 ]; then
    echo "create-aot-cache: JDK ${major:-unknown} has no AOT cache (needs 24 or newer); ./taskpod will use a class-data archive"
    rm -f "$cache"
    exit 0
fi
# The options ./taskpod gives short-lived JVMs (its jvm_options).
short_lived=(-XX:TieredStopAtLevel=1 -XX:CompileThresholdScaling=10 -XX:+UseSerialGC)
scratch=$(mktemp -d "${TMPDIR:-/tmp}/taskpod-aot-XXXXXX")
setup=""
cleanup() {
    exec 3>&-
    [ -n "$setup" ] && wait "$setup" 2>/dev/null || true
    rm -rf "$scratch"
}
trap cleanup EXIT
fail() {
    cat "$scratch"/*.log >&2 2>/dev/null || true
    echo "create-aot-cache: WARNING: $1 (its output is above); no AOT cache, ./taskpod will use a class-data archive" >&2
    rm -f "$cache"
    exit 0
}
# The world of the training run, in a JVM of its own (a JVM loads every class of its AOT cache at start, so the cache
# must hold a worker's classes only): an embedded PostgreSQL with one queued example task. It stops when fd 3 closes.
mkfifo "$scratch/stop"
"$java" -cp "$jar" io.taskpod.app.aot.AotTraining "$scratch/training" < "$scratch/stop" > "$scratch/setup.log" 2>&1 &
setup=$!
exec 3> "$scratch/stop"
until grep -q '^ready ' "$scratch/setup.log"; do
    kill -0 "$setup" 2>/dev/null || fail "the training set-up failed"
    sleep 0.2
done
read -r _ config dag task run < <(grep '^ready ' "$scratch/setup.log")
# The training run: a pod's worker on that task, its command line exactly as executors write it, recorded.
TASKPOD_HOME="$scratch/training/home" TASKPOD_CONFIG="$config" "$java" "${short_lived[@]}" -XX:AOTMode=record \
    -XX:AOTConfiguration="$scratch/taskpod.aotconf" -Xlog:aot=off -Xlog:cds=off -jar "$jar" \
    tasks run "$dag" "$task" "$run" --try-number 1 > "$scratch/training.log" 2>&1 \
    || fail "the training run failed"
"$java" "${short_lived[@]}" -XX:AOTMode=create -XX:AOTConfiguration="$scratch/taskpod.aotconf" \
    -XX:AOTCache="$scratch/taskpod.aot" -Xlog:aot=off -Xlog:cds=off -jar "$jar" > "$scratch/create.log" 2>&1 \
    || fail "creating the cache failed"
mv "$scratch/taskpod.aot" "$cache"
echo "create-aot-cache: $cache ($(du -h "$cache" | cut -f1), JDK $major)"
