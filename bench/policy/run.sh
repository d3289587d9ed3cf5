#!/usr/bin/env bash
# policy-service benchmarks:
#   1. policy decisions per second on one core, in-process (DecisionBench: the real PolicyEngine);
#   2. HTTP messages per second accepted end to end into sms.approved, single and batch
#      (HttpBench against policy-service and Kafka started by `./sealed up --only policy`).
# Usage: bench/policy/run.sh [DECISIONS [HTTP_MESSAGES]]   (defaults 200000 20000)
# Needs what ./sealed needs. Leaves the stack as it found it only if it was down: it runs
# `./sealed down` at the end.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
java=$JAVA_HOME/bin/java
decisions=${1:-200000}
messages=${2:-20000}
out=$here/results-$(date -u +%Y%m%dT%H%M).txt

cd "$root"
./mvnw -B -q -DskipTests -pl policy-service -am package
cp="$root/policy-service/target/quarkus-app/app/*:$root/policy-service/target/quarkus-app/lib/main/*"
"$java" -cp "$cp" "$here/DecisionBench.java" "$decisions" | tee "$out"

trap './sealed down >/dev/null 2>&1 || true' EXIT
./sealed up --only policy --no-demo >/dev/null
url=http://127.0.0.1:8080
for c in 16 64; do
  "$java" "$here/HttpBench.java" "$url" .sealed/api-key single "$messages" "$c" | tee -a "$out"
done
"$java" "$here/HttpBench.java" "$url" .sealed/api-key batch "$messages" 8 100 | tee -a "$out"
"$java" "$here/HttpBench.java" "$url" .sealed/api-key batch "$messages" 4 1000 | tee -a "$out"
echo "--- $(nproc) cores; the stack (Kafka broker, policy-service) and the load generator share them" | tee -a "$out"
