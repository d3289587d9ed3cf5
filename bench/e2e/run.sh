#!/usr/bin/env bash
# End-to-end benchmark: the whole local stack (./sealed up: Kafka, OpenBao, carrier simulator,
# policy, crypto, dispatch) plus a load generator over the HTTP API (E2eBench.java).
#
#   bench/e2e/run.sh [SCENARIO…]     scenarios: throughput latency receipts faults (default: all)
#   THROUGHPUT_MESSAGES=20000 RECEIPTS_MESSAGES=2000 LATENCY_SECONDS=5 bench/e2e/run.sh   # quick
#
# Environment (defaults): THROUGHPUT_MESSAGES (100000), RECEIPTS_MESSAGES (10000), LATENCY_RATE (2000),
# LATENCY_SECONDS (20), WARMUP_MESSAGES (2000, after each start of the stack, not reported),
# RECIPIENTS (1000 distinct numbers), JFR (1: record JFR on the four JVMs during `throughput`),
# SEALED_SERVICE_JAVA_OPTS (passed to ./sealed; default: production-like, C2 and ParallelGC, 768 MB).
# Writes bench/e2e/results/<UTC timestamp>.{json,md,png}; JFR files go to .sealed/bench/ (big, not kept).
# Starts the stack with ./sealed up --no-demo and stops it with ./sealed down at the end: run it on
# a machine where the stack is down (the ports must be free).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
java=$JAVA_HOME/bin/java
# shellcheck source=../../deploy/local/lib.sh
source "$root/deploy/local/lib.sh"

THROUGHPUT_MESSAGES=${THROUGHPUT_MESSAGES:-100000}
RECEIPTS_MESSAGES=${RECEIPTS_MESSAGES:-10000}
LATENCY_RATE=${LATENCY_RATE:-2000}
LATENCY_SECONDS=${LATENCY_SECONDS:-20}
WARMUP_MESSAGES=${WARMUP_MESSAGES:-2000}
RECIPIENTS=${RECIPIENTS:-1000}
JFR=${JFR:-1}
# The services as production runs them (the chart's image: C2, a parallel collector), not as
# ./sealed starts them for a quick local stack (C1 only, 256 MB, SerialGC).
export SEALED_SERVICE_JAVA_OPTS=${SEALED_SERVICE_JAVA_OPTS:--Xms256m -Xmx768m -XX:+UseParallelGC -XX:+ExitOnOutOfMemoryError}
FAULTS_DESC='throttled 5%, permanent error 1%, undeliverable 2%'

scenarios=("$@")
((${#scenarios[@]})) || scenarios=(throughput latency receipts faults)
for s in "${scenarios[@]}"; do
  case $s in throughput | latency | receipts | faults) ;; *) sealed_die "unknown scenario $s" ;; esac
done
# The faults target is a ratio to the clean receipts run: run that too.
if [[ " ${scenarios[*]} " == *" faults "* && " ${scenarios[*]} " != *" receipts "* ]]; then
  scenarios+=(receipts)
fi

cd "$root"
stamp=$(date -u +%Y%m%dT%H%M%S)
results=$here/results
parts=$root/.sealed/bench/$stamp
mkdir -p "$results"
sealed_select_jdk
sealed_ensure_bao

for p in carrier-simulator policy-service crypto-service dispatch-service; do
  if [[ ! -f $p/target/quarkus-app/quarkus-run.jar ]]; then
    echo "==> building (a service jar is missing): ./mvnw -o -q -DskipTests package"
    ./mvnw -B -o -q -DskipTests package
    break
  fi
done
cp="$root/policy-service/target/quarkus-app/lib/main/*"
mkdir -p "$parts"

trap './sealed down >/dev/null 2>&1 || true' EXIT

# (Re)starts the stack; the simulator takes its settings from SIMULATOR_* environment variables,
# which win over the file ./sealed writes. Vault requests are counted from OpenBao's own counters
# (sys/metrics, root token): the dev server refuses audit devices enabled over the API.
stack_up() { # clean|faults
  ./sealed down >/dev/null
  # OpenBao once exited at once when started right after a stop (its listeners not yet released).
  sleep 3
  export SIMULATOR_RECEIPT_DELAY=PT1S
  if [[ $1 == faults ]]; then
    export SIMULATOR_FAULTS_THROTTLE_RATE=0.05 SIMULATOR_FAULTS_ERROR_RATE=0.01 \
      SIMULATOR_FAULTS_UNDELIVERABLE_RATE=0.02 SIMULATOR_FAULTS_SEED=7
  else
    unset SIMULATOR_FAULTS_THROTTLE_RATE SIMULATOR_FAULTS_ERROR_RATE SIMULATOR_FAULTS_UNDELIVERABLE_RATE \
      SIMULATOR_FAULTS_SEED
  fi
  echo "==> ./sealed up --no-demo ($1)"
  ./sealed up --no-demo >"$parts/sealed-up-$1.log" 2>&1 || { tail -n 60 "$parts/sealed-up-$1.log"; exit 1; }
  STACK=$1
  if ((WARMUP_MESSAGES > 0)); then
    bench scenario=warmup messages="$WARMUP_MESSAGES" mode=batch batch=500 concurrency=2 \
      out="$parts/warmup-$1.json" idle=20 settle=0 >/dev/null
  fi
}

bench() {
  "$java" -Xmx1g -XX:+UseParallelGC -Djava.awt.headless=true -cp "$cp" "$here/E2eBench.java" run \
    keyfile=.sealed/api-key pids=.sealed/run vaulttoken=.sealed/secrets/root.token recipients="$RECIPIENTS" \
    receiptDelay="$SIMULATOR_RECEIPT_DELAY" javaOpts="${SEALED_SERVICE_JAVA_OPTS:-default of ./sealed}" \
    faults="$([[ $STACK == faults ]] && echo "$FAULTS_DESC" || echo none)" "$@" \
    2> >(grep -v -e '^SLF4J' -e 'SLF4JServiceProvider' >&2)
}

jfr() { # start|stop NAME
  local p pid
  for p in policy-service crypto-service dispatch-service carrier-simulator; do
    read -r pid _ <".sealed/run/$p.pid"
    if [[ $1 == start ]]; then
      jcmd "$pid" JFR.start name=e2e settings=profile filename="$parts/$2-$p.jfr" >/dev/null
    else
      jcmd "$pid" JFR.stop name=e2e >/dev/null
    fi
  done
}

run_scenario() {
  local s=$1
  echo "==> scenario $s ($(cut -d' ' -f1-3 /proc/loadavg) load)"
  case $s in
    throughput)
      ((JFR)) && jfr start throughput
      bench scenario=throughput messages="$THROUGHPUT_MESSAGES" mode=batch batch=1000 concurrency=4 \
        out="$parts/1-throughput.json" idle=60
      ((JFR)) && jfr stop throughput
      ;;
    latency)
      bench scenario=latency messages=$((LATENCY_RATE * LATENCY_SECONDS)) mode=batch batch=20 concurrency=32 \
        rate="$LATENCY_RATE" out="$parts/2-latency.json"
      ;;
    receipts)
      bench scenario=receipts messages="$RECEIPTS_MESSAGES" mode=batch batch=1000 concurrency=4 \
        out="$parts/3-receipts.json"
      ;;
    faults)
      bench scenario=faults messages="$RECEIPTS_MESSAGES" mode=batch batch=1000 concurrency=4 \
        out="$parts/4-faults.json" idle=60
      ;;
  esac
}

STACK=none
for s in throughput latency receipts; do
  [[ " ${scenarios[*]} " == *" $s "* ]] || continue
  [[ $STACK == clean ]] || stack_up clean
  run_scenario "$s"
done
if [[ " ${scenarios[*]} " == *" faults "* ]]; then
  stack_up faults
  run_scenario faults
fi

"$java" -Djava.awt.headless=true -cp "$cp" "$here/E2eBench.java" report "$parts" "$results/$stamp"
cat "$results/$stamp.md"
echo "--- raw parts and JFR recordings: .sealed/bench/$stamp/"
