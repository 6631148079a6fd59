# Valet's image: the shaded jar on a JRE 25, running as an unprivileged user.
# Build: docker build -t <registry>/valet:<tag> .

FROM eclipse-temurin:25-jdk AS build
WORKDIR /src
COPY .mvn/ .mvn/
COPY mvnw pom.xml ./
COPY allocator/ allocator/
COPY certs/ certs/
COPY webhook/ webhook/
RUN ./mvnw -B -q -DskipTests package

FROM eclipse-temurin:25-jre
RUN groupadd --system --gid 10001 valet \
 && useradd --system --uid 10001 --gid valet --no-create-home --shell /usr/sbin/nologin valet
COPY --from=build /src/webhook/target/valet.jar /opt/valet/valet.jar
USER 10001:10001
# jblst unpacks its native library into java.io.tmpdir: mount a writable /tmp
# when the root filesystem is read-only.
ENV JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError --enable-native-access=ALL-UNNAMED"
EXPOSE 8443 8081
ENTRYPOINT ["java", "-jar", "/opt/valet/valet.jar"]
CMD ["serve", "--config", "/etc/valet/config/valet.yaml"]
