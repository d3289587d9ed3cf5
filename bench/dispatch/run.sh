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
python3 - "$OUT" <<'PY' | tee -a "$OUT"
import re, statistics, sys
runs = {}
for line in open(sys.argv[1]):
    m = re.match(r'BENCH (binds=\d+ faults=\w+) .*submit_sm/s=(\d+) all-terminal=([\d.]+)s', line)
    if m:
        runs.setdefault(m.group(1), []).append((int(m.group(2)), float(m.group(3))))
clean = None
for key, rs in runs.items():
    rate = statistics.median(r[0] for r in rs)
    terminal = statistics.median(r[1] for r in rs)
    print(f"{key}: median submit_sm/s {rate:.0f}, median all-terminal {terminal:.2f}s ({len(rs)} runs)")
    if key == "binds=4 faults=false":
        clean = terminal
    if key == "binds=4 faults=true" and clean:
        print(f"faults / clean (4 binds, all-terminal): {terminal / clean:.2f}x")
PY
