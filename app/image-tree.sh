#!/usr/bin/env bash
# Assembles the container image's file tree, which the Dockerfile only copies (run by `package`, see app/pom.xml):
#   TREE/opt/taskpod/bin/taskpod      the launcher and entrypoint (from src/main/image)
#   TREE/opt/taskpod/lib/taskpod.jar  the runnable jar
#   TREE/opt/taskpod/lib/taskpod.aot  the start-up cache, made by the launcher's own step on the JVM of $JAVA_HOME:
#     (JDK 24+)                       an ahead-of-time cache; on JDK 21-23 a class-data archive, taskpod.jsa, instead
# The cache's training run is a pod's worker at work: `taskpod tasks run` of the first task of the bundled example
# example_hello, queued in an embedded PostgreSQL that io.taskpod.app.aot.AotTraining sets up in a JVM of its own (a
# JVM loads every class of its AOT cache at start, so the cache must hold a worker's classes only). A cache is usable
# by the same JVM build only, with this jar (its path may change: the Dockerfile copies the tree elsewhere).
# Usage: image-tree.sh JAR TREE WORK_DIR
set -euo pipefail
jar=$1 tree=$2 work=$3
src=$(cd "$(dirname "$0")" && pwd)/src/main/image
rm -rf "$tree" "$work"
mkdir -p "$tree/opt/taskpod/lib" "$work"
cp -R "$src/." "$tree/"
cp -p "$jar" "$tree/opt/taskpod/lib/taskpod.jar"
java="${JAVA_HOME:+$JAVA_HOME/bin/}java"
# The training must not see the caller's taskpod settings (a TASKPOD__DATABASE__URL would send it elsewhere).
for name in $(compgen -e); do
    [[ $name == TASKPOD* ]] && unset "$name"
done

setup=""
cleanup() {
    exec 3>&- || true
    [ -n "$setup" ] && wait "$setup" 2>/dev/null || true
}
trap cleanup EXIT
fail() {
    echo "image-tree.sh: $1:" >&2
    cat "$work"/*.log >&2 2>/dev/null || true
    exit 1
}
# The training run's world; it stops when fd 3 closes.
mkfifo "$work/stop"
"$java" -cp "$tree/opt/taskpod/lib/taskpod.jar" io.taskpod.app.aot.AotTraining "$work/training" < "$work/stop" \
    > "$work/setup.log" 2>&1 &
setup=$!
exec 3> "$work/stop"
until grep -q '^ready ' "$work/setup.log"; do
    kill -0 "$setup" 2>/dev/null || fail "the start-up cache's training set-up failed"
    sleep 0.2
done
read -r _ config dag task run < <(grep '^ready ' "$work/setup.log")
TASKPOD_HOME="$work/training/home" TASKPOD_CONFIG="$config" TASKPOD_STARTUP_CACHE=create \
    "$tree/opt/taskpod/bin/taskpod" tasks run "$dag" "$task" "$run" --try-number 1 > "$work/training.log" 2>&1 \
    || fail "the start-up cache's training run failed"
