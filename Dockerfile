# syntax=docker/dockerfile:1
# One image for the scheduler, the API server and every worker pod:
#   docker build -t ghcr.io/taskpod/taskpod:$(./taskpod version) .
# The Maven build assembles the image's file tree (app/target/image: the launcher, the jar and the worker's
# start-up cache, made by the build stage's JVM over a worker's run against an embedded PostgreSQL); this file only
# copies it onto a JRE of the same release.
# Build and push for your registry, and where to set it: docs/deploy.md.

# The same Temurin release for both stages: the start-up cache is only usable by the JVM build that made it.
ARG JAVA_VERSION=25

FROM eclipse-temurin:${JAVA_VERSION}-jdk AS build
WORKDIR /src
COPY . .
RUN --mount=type=cache,target=/root/.m2 \
    ./mvnw -B -ntp -Dmaven.test.skip=true -pl app -am package

FROM eclipse-temurin:${JAVA_VERSION}-jre
# A fixed uid/gid (the pod templates' runAsUser and fsGroup): owns TASKPOD_HOME and the dags and logs mount points,
# not the programs.
RUN groupadd --gid 50000 taskpod \
 && useradd --uid 50000 --gid 50000 --home-dir /opt/taskpod --no-create-home --shell /usr/sbin/nologin taskpod \
 && mkdir -p /opt/taskpod/dags /opt/taskpod/logs \
 && chown 50000:50000 /opt/taskpod /opt/taskpod/dags /opt/taskpod/logs
COPY --from=build /src/app/target/image/ /
# Fails the build when this JRE cannot use the cache the build stage made (the image would only start slower).
RUN TASKPOD_STARTUP_CACHE=require /opt/taskpod/bin/taskpod version \
 || { echo "the start-up cache does not fit this JRE: build both stages from one Temurin release (docker build --pull)" >&2; exit 1; }
ENV TASKPOD_HOME=/opt/taskpod \
    PATH=/opt/taskpod/bin:$PATH
USER 50000:50000
WORKDIR /opt/taskpod
ENTRYPOINT ["/opt/taskpod/bin/taskpod"]
CMD ["--help"]
