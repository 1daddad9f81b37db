#!/usr/bin/env bash
# Assembles the container image's file tree, which the Dockerfile only copies (run by `package`, see app/pom.xml):
#   TREE/opt/taskpod/bin/taskpod      the launcher and entrypoint (from src/main/image)
#   TREE/opt/taskpod/lib/taskpod.jar  the runnable jar
#   TREE/opt/taskpod/lib/taskpod.jsa  the start-up archive: the launcher's own step, on the JVM of $JAVA_HOME, over a
#                                     training run that needs no database (configuration, DAG parsing, pod building)
# Usage: image-tree.sh JAR TREE WORK_DIR
set -euo pipefail
jar=$1 tree=$2 work=$3
src=$(cd "$(dirname "$0")" && pwd)/src/main/image
rm -rf "$tree" "$work"
mkdir -p "$tree/opt/taskpod/lib" "$work"
cp -R "$src/." "$tree/"
cp -p "$jar" "$tree/opt/taskpod/lib/taskpod.jar"
if ! env -u TASKPOD_CONFIG TASKPOD_HOME="$work" TASKPOD_STARTUP_ARCHIVE=create \
        "$tree/opt/taskpod/bin/taskpod" kubernetes generate-pod-yaml example_hello > "$work/training.log" 2>&1; then
    echo "image-tree.sh: the start-up archive's training run failed:" >&2
    cat "$work/training.log" >&2
    exit 1
fi
