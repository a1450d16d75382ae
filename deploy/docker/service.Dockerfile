# Runs one service from its packaged jar (build first: ./mvnw -DskipTests package).
FROM eclipse-temurin:17-jre
ARG MODULE
COPY ${MODULE}/target/*-0.1.0-SNAPSHOT.jar /app/app.jar
USER 1000
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-jar", "/app/app.jar"]
