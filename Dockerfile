# netpol-recommend as a container, built from source (nothing needs to be built on the host):
#   docker build -t netpol-recommend .        or        docker compose up --build
# Base images are referred to by tag here so that a fresh clone builds; pin them by digest for
# production builds (FROM eclipse-temurin:17-jre@sha256:...) after checking the digest yourself.

# Build: the Maven wrapper (Maven 3.9.x) in a JDK image; the local repository is a build cache.
FROM eclipse-temurin:17-jdk AS build
WORKDIR /src
COPY .mvn/ .mvn/
COPY mvnw pom.xml ./
COPY proto/ proto/
COPY src/ src/
RUN --mount=type=cache,target=/root/.m2 ./mvnw -B -ntp -q package -DskipTests

# Run: a JRE image, as an unprivileged user that owns only /data.
FROM eclipse-temurin:17-jre
RUN useradd --uid 10001 --home-dir /data --no-create-home --shell /usr/sbin/nologin netpol \
    && mkdir -p /data && chown 10001:10001 /data
COPY --from=build /src/target/netpol-recommend.jar /app/netpol-recommend.jar
USER 10001:10001
WORKDIR /data
ENV NETPOL_DB=/data/netpol.db
VOLUME /data
# A JVM out of memory exits at once (and is restarted) instead of limping on; a record that caused
# it is found and skipped by the restarted observe (see README, Kafka).
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-XX:+ExitOnOutOfMemoryError", "-jar", "/app/netpol-recommend.jar"]
CMD ["--help"]
