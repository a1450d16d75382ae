# Sourced by ./run-local, bench/run and .ci/run: the JDK that builds, tests and runs everything. Temurin 25 when it
# is installed: its AOT cache (JEP 483/514/515) starts the services faster than JDK 17's class-data sharing does
# (BENCHMARKS.md, start-up); otherwise the java on the PATH (17 or later).
temurin25=/usr/lib/jvm/temurin-25-jdk-amd64
if [ -x "$temurin25/bin/java" ]; then
  export JAVA_HOME="$temurin25"
  export PATH="$JAVA_HOME/bin:$PATH"
fi
unset temurin25
