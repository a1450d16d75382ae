# Runs one service from its packaged jar (build first: ./mvnw -DskipTests package).
# No version here: a module's target/ holds exactly one *.jar, the Spring Boot jar (the plain one is *.jar.original).
# After a version change, stale jars make this COPY fail loudly; ./mvnw clean package fixes that.
FROM eclipse-temurin:17-jre
ARG MODULE
COPY ${MODULE}/target/*.jar /app/app.jar
USER 1000
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-jar", "/app/app.jar"]
