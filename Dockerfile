# netpol-recommend as a container: build the jar first (./mvnw -q package -DskipTests).
FROM eclipse-temurin:17-jre
RUN useradd --uid 10001 --home-dir /data --no-create-home netpol \
    && mkdir -p /data && chown 10001:10001 /data
COPY target/netpol-recommend.jar /app/netpol-recommend.jar
USER 10001
WORKDIR /data
ENV NETPOL_DB=/data/netpol.db
VOLUME /data
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-jar", "/app/netpol-recommend.jar"]
CMD ["--help"]
