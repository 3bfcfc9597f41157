# syntax=docker/dockerfile:1
# One image recipe for the three services:
#   docker build --build-arg SERVICE=watcher  -t spotwise-watcher:0.1.0-SNAPSHOT .
#   docker build --build-arg SERVICE=decider  -t spotwise-decider:0.1.0-SNAPSHOT .
#   docker build --build-arg SERVICE=actuator -t spotwise-actuator:0.1.0-SNAPSHOT .
# The runtime image runs as uid 10001 and writes nothing outside /tmp, so it works with a read-only root file system
# (Kubernetes: readOnlyRootFilesystem + an emptyDir on /tmp; compose: read_only + tmpfs /tmp).

ARG SERVICE=watcher

FROM eclipse-temurin:17-jdk AS build
ARG SERVICE
WORKDIR /src
# Sources without target/ and .git (see .dockerignore); the Maven repository is a build cache, not a layer.
COPY . .
RUN case "$SERVICE" in watcher|decider|actuator) ;; \
      *) echo "SERVICE must be watcher, decider or actuator, got '$SERVICE'" >&2; exit 1 ;; esac
RUN --mount=type=cache,target=/root/.m2 \
    ./mvnw -B -q -pl "$SERVICE" -am package -DskipTests \
 && mkdir -p /out/lib \
 && cp "$SERVICE/target/$SERVICE.jar" /out/app.jar \
 && cp "$SERVICE"/target/lib/*.jar /out/lib/

FROM eclipse-temurin:17-jre
ARG SERVICE
LABEL org.opencontainers.image.title="spotwise-${SERVICE}" \
      org.opencontainers.image.description="Spotwise ${SERVICE}: keeps Kubernetes workloads at a chosen spot / on-demand split" \
      org.opencontainers.image.licenses="Apache-2.0"
RUN groupadd --system --gid 10001 spotwise \
 && useradd --system --uid 10001 --gid 10001 --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin spotwise
WORKDIR /app
COPY --from=build /out/lib/ /app/lib/
COPY --from=build /out/app.jar /app/app.jar
# Heap from the container's memory limit; die (and be restarted) rather than limp on after an OutOfMemoryError;
# no hsperfdata file (read-only root); Vert.x's file cache under the writable /tmp.
ENV JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError -XX:-UsePerfData -Djava.io.tmpdir=/tmp -Dvertx.cacheDirBase=/tmp/vertx-cache"
USER 10001:10001
# Ops ports (watcher 8081, decider 8082, actuator 8083) and the decider's webhook (8443).
EXPOSE 8081 8082 8083 8443
ENTRYPOINT ["java", "-jar", "/app/app.jar"]
