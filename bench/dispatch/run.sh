#!/usr/bin/env bash
# Dispatch throughput against the carrier simulator: one dispatch instance (in-JVM, Quarkus test mode),
# real Kafka and OpenBao from test-support, simulator with immediate receipts.
#   bench/dispatch/run.sh                 # 1 bind, 4 binds, clean 10k, faulty 10k; 3 rounds each
#   ROUNDS=1 MESSAGES=2000 bench/dispatch/run.sh
# Prints one BENCH line per run and the medians; results also go to bench/dispatch/results-<date>.txt.
set -euo pipefail
cd "$(dirname "$0")/../.."
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
ROUNDS=${ROUNDS:-3}
MESSAGES=${MESSAGES:-10000}
OUT=bench/dispatch/results-$(date -u +%Y%m%dT%H%M).txt
./mvnw -B -q -o -pl dispatch-service -am install -DskipTests >/dev/null
run() { # binds faults
  ./mvnw -B -o -pl dispatch-service surefire:test -Dtest=DispatchBench -Dsurefire.failIfNoSpecifiedTests=false \
    -Dbench.binds="$1" -Dbench.faults="$2" -Dbench.messages="$MESSAGES" 2>&1 | grep '^BENCH' | tee -a "$OUT"
}
for round in $(seq "$ROUNDS"); do
  run 1 false
  run 4 false
  run 4 true
done
echo "--- medians ($ROUNDS rounds, $MESSAGES messages; machine: $(nproc) cores, shared)" | tee -a "$OUT"
for key in "binds=1 faults=false" "binds=4 faults=false" "binds=4 faults=true"; do
  grep "BENCH $key" "$OUT" | sed -E 's/.*submit_sm\/s=([0-9]+).*all-terminal=([0-9.]+)s.*/\1 \2/' | sort -n | \
    awk -v k="$key" '{s[NR]=$1; t[NR]=$2} END {m=int((NR+1)/2); asort(t); printf "%s: median submit_sm/s %s, median all-terminal %ss\n", k, s[m], t[m]}' \
    | tee -a "$OUT"
done
