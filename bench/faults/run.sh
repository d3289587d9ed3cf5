#!/usr/bin/env bash
# The fault suite of issue 7: the whole local stack under load while a part fails, then the
# invariant checked — every accepted message has exactly one terminal receipt, nothing is lost,
# carrier duplicates stay at or below 0.1%.
#
#   bench/faults/run.sh [crash|broker|vault|carrier …]      (default: all four, in that order)
#
#   crash    kill -9 policy, then crypto, then dispatch mid-run, each started again at once
#   broker   a three-broker KRaft cluster (replication 3, min ISR 2); kill -9 one broker mid-run
#   vault    OpenBao frozen (SIGSTOP) for VAULT_OUTAGE s mid-run, then SIGCONT; no manual step
#   carrier  every SMPP connection dropped every DROP_EVERY s while the load runs
#
# Environment (defaults): CRASH_MESSAGES (20000), CRASH_RATE (120/s), BROKER_MESSAGES (10000),
# BROKER_RATE (150/s), BROKER_KILL (2: node id), VAULT_MESSAGES (10000), VAULT_RATE (150/s),
# VAULT_OUTAGE (30 s), CARRIER_MESSAGES (10000), CARRIER_RATE (150/s), DROP_EVERY (3 s),
# DUP_LIMIT (0.001), BATCH (50 per call), IDLE (180 s without progress ends the wait).
# Prints a PASS/FAIL line per check and a summary; writes bench/faults/results/<UTC stamp>.{md,json}.
# Raw parts (bench JSON, ./sealed logs, events, broker logs) stay in .sealed/faults/<stamp>/.
# Each scenario starts the stack afresh (./sealed down; ./sealed up --no-demo) and stops it after:
# run it where the stack is down. Exit status 1 if any check failed.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
# shellcheck source=../../deploy/local/lib.sh
source "$root/deploy/local/lib.sh"

CRASH_MESSAGES=${CRASH_MESSAGES:-20000} CRASH_RATE=${CRASH_RATE:-120}
BROKER_MESSAGES=${BROKER_MESSAGES:-10000} BROKER_RATE=${BROKER_RATE:-150} BROKER_KILL=${BROKER_KILL:-2}
VAULT_MESSAGES=${VAULT_MESSAGES:-10000} VAULT_RATE=${VAULT_RATE:-150} VAULT_OUTAGE=${VAULT_OUTAGE:-30}
CARRIER_MESSAGES=${CARRIER_MESSAGES:-10000} CARRIER_RATE=${CARRIER_RATE:-150} DROP_EVERY=${DROP_EVERY:-3}
DUP_LIMIT=${DUP_LIMIT:-0.001} BATCH=${BATCH:-50} IDLE=${IDLE:-180}

scenarios=("$@")
((${#scenarios[@]})) || scenarios=(crash broker vault carrier)
for s in "${scenarios[@]}"; do
  case $s in crash | broker | vault | carrier) ;; *) sealed_die "unknown scenario $s (crash broker vault carrier)" ;; esac
done

cd "$root"
stamp=$(date -u +%Y%m%dT%H%M%SZ)
results=$here/results
parts=$root/.sealed/faults/$stamp
mkdir -p "$results" "$parts"
sealed_select_jdk
sealed_ensure_bao
java=$JAVA_HOME/bin/java
for p in carrier-simulator policy-service crypto-service dispatch-service; do
  if [[ ! -f $p/target/quarkus-app/quarkus-run.jar ]]; then
    echo "==> building (a service jar is missing): ./mvnw -o -q -DskipTests package"
    ./mvnw -B -o -q -DskipTests package
    break
  fi
done
cp="$root/policy-service/target/quarkus-app/lib/main/*"
checks=$parts/checks.tsv
: >"$checks"

log() { printf '%s %s\n' "$(date -u +%T)" "$*" | tee -a "$parts/$SCENARIO.events"; }
load_now() { cut -d' ' -f1-3 /proc/loadavg; }

# ----------------------------------------------------------------------------------- the stack

BROKER_PIDS=()
cleanup() {
  [[ -n ${BENCH_PID:-} ]] && kill "$BENCH_PID" 2>/dev/null || true
  [[ -n ${BAO_STOPPED:-} ]] && kill -CONT "$BAO_STOPPED" 2>/dev/null || true
  ./sealed down >/dev/null 2>&1 || true
  stop_cluster
}
trap cleanup EXIT

stack_up() {
  ./sealed down >/dev/null
  log "./sealed up --no-demo ${SEALED_KAFKA_BOOTSTRAP:+(Kafka: $SEALED_KAFKA_BOOTSTRAP, replication ${SEALED_KAFKA_REPLICATION:-1})}"
  ./sealed up --no-demo >"$parts/$SCENARIO-up.log" 2>&1 || { tail -n 60 "$parts/$SCENARIO-up.log"; exit 1; }
  # A few messages first: the stack works end to end before the fault (not counted).
  "$java" -Xmx512m -XX:+UseSerialGC -cp "$cp" "$here/../e2e/E2eBench.java" run scenario=warmup messages=200 \
    mode=batch batch=50 concurrency=2 keyfile=.sealed/api-key out="$parts/$SCENARIO-warmup.json" idle=60 settle=0 \
    bootstrap="${SEALED_KAFKA_BOOTSTRAP:-127.0.0.1:9092}" >/dev/null 2> >(grep -v SLF4J >&2)
}

pid_of() { local pid; read -r pid _ <".sealed/run/$1.pid"; printf '%s' "$pid"; }

# Starts a part again the way `up` does (config, secrets, health wait), nothing else.
restart_part() {
  local t0=$SECONDS
  ./sealed up --no-demo --only "$1" >>"$parts/$SCENARIO-restart.log" 2>&1 ||
    { tail -n 40 "$parts/$SCENARIO-restart.log"; return 1; }
  log "$1 healthy again $((SECONDS - t0)) s after the restart command (pid $(pid_of "$1"))"
}

# ----------------------------------------------------------------------------------- the load

# Starts the load generator in the background: batch calls at a fixed rate, each call under its own
# Idempotency-Key and retried until answered (a crashed policy-service is met as a client meets it).
start_load() { # MESSAGES RATE
  PROGRESS=$parts/$SCENARIO.progress
  TOTAL=$1
  rm -f "$PROGRESS"
  "$java" -Xmx1g -XX:+UseParallelGC -Djava.awt.headless=true -cp "$cp" "$here/../e2e/E2eBench.java" run \
    scenario="$SCENARIO" messages="$1" rate="$2" mode=batch batch="$BATCH" concurrency=8 idempotency=1 \
    recipients="${RECIPIENTS:-1000}" keyfile=.sealed/api-key pids=.sealed/run progress="$PROGRESS" \
    bootstrap="${SEALED_KAFKA_BOOTSTRAP:-127.0.0.1:9092}" out="$parts/$SCENARIO.json" idle="$IDLE" settle=5 \
    faults="$SCENARIO" >"$parts/$SCENARIO.bench.out" 2> >(grep -v SLF4J >"$parts/$SCENARIO.bench.err") &
  BENCH_PID=$!
  log "load: $1 messages at $2/s, batches of $BATCH (pid $BENCH_PID), load average $(load_now)"
}

accepted() { [[ -s $PROGRESS ]] && cut -d' ' -f1 "$PROGRESS" || echo 0; }
terminal() { [[ -s $PROGRESS ]] && cut -d' ' -f2 "$PROGRESS" || echo 0; }
load_running() { kill -0 "$BENCH_PID" 2>/dev/null && (($(accepted) < TOTAL)); }

wait_accepted() { # N: until N accepted (or the load generator ended)
  while kill -0 "$BENCH_PID" 2>/dev/null && (($(accepted) < $1)); do sleep 0.5; done
}

# A fault is only worth its name mid-run: recorded as a check.
MIDRUN=()
mark_fault() { # WHAT
  local a
  a=$(accepted)
  MIDRUN+=("$1 at $a/$TOTAL accepted, $(terminal) terminal")
  log "FAULT $1 (accepted $a of $TOTAL, terminal $(terminal), load average $(load_now))"
  ((a < TOTAL)) || MIDRUN_LATE+=("$1")
}

finish_load() {
  log "waiting for the load generator to finish (all terminal, or $IDLE s without progress)"
  wait "$BENCH_PID" || true
  BENCH_PID=
  cat "$parts/$SCENARIO.bench.out"
  log "done, load average $(load_now)"
}

# ----------------------------------------------------------------------------------- checks

check() { # NAME PASS|FAIL DETAIL
  printf '%s\t%s\t%s\t%s\n' "$SCENARIO" "$1" "$2" "$3" >>"$checks"
  printf '%-8s %-4s %s: %s\n' "$SCENARIO" "$2" "$1" "$3"
}

common_checks() {
  local j=$parts/$SCENARIO.json acc req lost dupt extra limit lostlist
  if [[ ! -s $j ]]; then
    check "load generator report" FAIL "no $j (see $parts/$SCENARIO.bench.err)"
    return
  fi
  req=$(jq .counts.requested "$j") acc=$(jq .counts.accepted "$j")
  lost=$(jq .counts.lost "$j") dupt=$(jq .counts.duplicatedTerminalReceipts "$j")
  extra=$(jq .counts.carrierSubmissionsBeyondOnePerMessage "$j")
  check "accepted (HTTP 202; calls retried under the same Idempotency-Key: $(jq .counts.retriedRequests "$j"))" \
    INFO "$acc of $req; not accepted by reason: $(jq -c .counts.notAcceptedByReason "$j") (a batch item refused with 503 or 429 is not accepted; the invariant is about accepted ones)"
  lostlist=$(jq -r '[.counts.lostMessages[] | "\(.messageId) last=\(.lastStatus) submitted=\(.submittedReceipts)"] | .[0:5] | join("; ")' "$j")
  check "no accepted message lost" "$([[ $lost == 0 ]] && echo PASS || echo FAIL)" \
    "$lost accepted without a terminal receipt${lostlist:+ (first: $lostlist)}"
  check "exactly one terminal receipt each" "$([[ $lost == 0 && $dupt == 0 ]] && echo PASS || echo FAIL)" \
    "$((acc - lost - dupt)) with one, $dupt with more, $lost with none; outcomes $(jq -c .counts.terminalByStatus "$j")"
  limit=$(awk -v a="$acc" -v l="$DUP_LIMIT" 'BEGIN { printf "%d", a * l }')
  check "carrier duplicates <= $(awk -v l="$DUP_LIMIT" 'BEGIN { print l * 100 }')%" \
    "$( ((extra <= limit)) && echo PASS || echo FAIL)" "$extra submissions beyond one per message ($(jq .counts.duplicatedCarrierSubmissions "$j") messages submitted twice with receipts, $(jq .counts.carrierSubmissionsUnattributed "$j") submissions no SUBMITTED receipt names), limit $limit of $acc"
  local f
  if ((${#MIDRUN_LATE[@]})); then f=FAIL; else f=PASS; fi
  check "faults landed mid-run" "$f" "$(IFS=';'; echo "${MIDRUN[*]}")"
}

# ----------------------------------------------------------------------------------- scenarios

scenario_crash() {
  stack_up
  start_load "$CRASH_MESSAGES" "$CRASH_RATE"
  local part n=0 step=$((CRASH_MESSAGES / 5))
  for part in policy-service crypto-service dispatch-service; do
    n=$((n + step))
    wait_accepted "$n"
    mark_fault "kill -9 $part (pid $(pid_of "$part"))"
    kill -KILL "$(pid_of "$part")"
    sleep 2
    restart_part "$part"
  done
  finish_load
  common_checks
}

# A three-node KRaft cluster from the jars ./sealed fetched: each node broker and controller (a
# quorum of three survives one loss), ports 19092/19094/19096 (controllers 19093/19095/19097).
CLUSTER=$root/.sealed/faults/cluster
start_cluster() {
  local libs=$root/.sealed/kafka/libs i voters="" cid
  if [[ ! -f $libs/.stamp ]]; then # fetched by ./sealed up; only Kafka, then down
    ./sealed up --no-demo --only kafka >"$parts/fetch-kafka.log" 2>&1 && ./sealed down >/dev/null
  fi
  rm -rf "$CLUSTER"
  mkdir -p "$CLUSTER"
  for i in 1 2 3; do voters+="${voters:+,}$i@127.0.0.1:$((19091 + 2 * i))"; done
  cid=$("$java" -cp "$libs/*" kafka.tools.StorageTool random-uuid 2>/dev/null)
  for i in 1 2 3; do
    cat >"$CLUSTER/node-$i.properties" <<EOF
process.roles=broker,controller
node.id=$i
controller.quorum.voters=$voters
listeners=PLAINTEXT://127.0.0.1:$((19090 + 2 * i)),CONTROLLER://127.0.0.1:$((19091 + 2 * i))
advertised.listeners=PLAINTEXT://127.0.0.1:$((19090 + 2 * i))
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT
log.dirs=$CLUSTER/data-$i
num.partitions=3
default.replication.factor=3
min.insync.replicas=2
offsets.topic.replication.factor=3
transaction.state.log.replication.factor=3
transaction.state.log.min.isr=2
share.coordinator.state.topic.replication.factor=3
share.coordinator.state.topic.min.isr=2
unclean.leader.election.enable=false
auto.create.topics.enable=true
group.initial.rebalance.delay.ms=0
EOF
    "$java" -cp "$libs/*" -Dlog4j2.configurationFile="$root/deploy/local/log4j2-tools.properties" \
      kafka.tools.StorageTool format -t "$cid" -c "$CLUSTER/node-$i.properties" >>"$CLUSTER/format.log" 2>&1
    setsid "$java" -Xms64m -Xmx384m -XX:+UseSerialGC -XX:+ExitOnOutOfMemoryError -Dsealed.faults.broker="$i" \
      -Dlog4j2.configurationFile="$root/deploy/local/log4j2.properties" -Dkafka.logs.dir="$CLUSTER/logs-$i" \
      -cp "$libs/*" kafka.Kafka "$CLUSTER/node-$i.properties" >"$CLUSTER/node-$i.out" 2>&1 </dev/null &
    BROKER_PIDS[i]=$!
  done
  export SEALED_KAFKA_BOOTSTRAP=127.0.0.1:19092,127.0.0.1:19094,127.0.0.1:19096 SEALED_KAFKA_REPLICATION=3
  local deadline=$((SECONDS + 180)) n=0
  while ((SECONDS < deadline)); do
    n=$("$java" -cp "$libs/*" -Dlog4j2.configurationFile="$root/deploy/local/log4j2-tools.properties" \
      org.apache.kafka.tools.BrokerApiVersionsCommand --bootstrap-server "$SEALED_KAFKA_BOOTSTRAP" 2>/dev/null |
      grep -c '^127.0.0.1:19' || true)
    ((n == 3)) && break
    sleep 2
  done
  ((n == 3)) || sealed_die "the three-broker cluster did not come up (logs: $CLUSTER)"
  log "three-broker cluster up: pids ${BROKER_PIDS[*]}, bootstrap $SEALED_KAFKA_BOOTSTRAP"
}

stop_cluster() {
  local pid
  for pid in "${BROKER_PIDS[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${BROKER_PIDS[@]}"; do
    for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
    kill -KILL "$pid" 2>/dev/null || true
  done
  BROKER_PIDS=()
  unset SEALED_KAFKA_BOOTSTRAP SEALED_KAFKA_REPLICATION
}

describe_topics() {
  "$java" -cp "$root/.sealed/kafka/libs/*" -Dlog4j2.configurationFile="$root/deploy/local/log4j2-tools.properties" \
    org.apache.kafka.tools.TopicCommand --bootstrap-server "$SEALED_KAFKA_BOOTSTRAP" --describe \
    --topic 'sms\.(approved|sealed|receipts)' 2>/dev/null
}

scenario_broker() {
  ./sealed down >/dev/null
  start_cluster
  stack_up
  describe_topics >"$parts/broker-topics-before.txt"
  grep -q 'ReplicationFactor: 3' "$parts/broker-topics-before.txt" &&
    ! grep 'ReplicationFactor:' "$parts/broker-topics-before.txt" | grep -qv 'ReplicationFactor: 3' &&
    ! grep 'ReplicationFactor:' "$parts/broker-topics-before.txt" | grep -qv 'min.insync.replicas=2' &&
    check "cluster: replication 3, min ISR 2" PASS "$(grep -c 'Leader:' "$parts/broker-topics-before.txt") partitions of sms.approved/sealed/receipts, all RF 3, ISR 3, min.insync.replicas=2" ||
    check "cluster: replication 3, min ISR 2" FAIL "see $parts/broker-topics-before.txt"
  start_load "$BROKER_MESSAGES" "$BROKER_RATE"
  wait_accepted $((BROKER_MESSAGES / 3))
  mark_fault "kill -9 broker $BROKER_KILL (pid ${BROKER_PIDS[BROKER_KILL]})"
  kill -KILL "${BROKER_PIDS[BROKER_KILL]}"
  finish_load
  describe_topics >"$parts/broker-topics-after.txt" || true
  common_checks
  ./sealed down >/dev/null
  stop_cluster
}

scenario_vault() {
  stack_up
  RECIPIENTS=$VAULT_MESSAGES start_load "$VAULT_MESSAGES" "$VAULT_RATE"
  wait_accepted $((VAULT_MESSAGES / 5))
  BAO_STOPPED=$(pid_of openbao)
  mark_fault "OpenBao frozen: kill -STOP (pid $BAO_STOPPED) for $VAULT_OUTAGE s"
  kill -STOP "$BAO_STOPPED"
  # Timed by the clock: a readiness probe may hang as long as its timeout while Vault is frozen.
  local until=$((SECONDS + VAULT_OUTAGE)) t_stop=$SECONDS crypto_down=no code
  while ((SECONDS < until)); do
    code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 1 http://127.0.0.1:8081/q/health/ready || true)
    [[ $code == 503 ]] && crypto_down=yes
    ((SECONDS < until)) && sleep 1
  done
  kill -CONT "$BAO_STOPPED"
  BAO_STOPPED=
  log "OpenBao resumed (kill -CONT) after $((SECONDS - t_stop)) s; crypto-service answered 503 not-ready during the outage: $crypto_down"
  local t0=$SECONDS ready=no
  while ((SECONDS - t0 < 120)); do
    if [[ $(curl -s -o /dev/null -w '%{http_code}' --max-time 2 http://127.0.0.1:8081/q/health/ready) == 200 &&
      $(curl -s -o /dev/null -w '%{http_code}' --max-time 2 http://127.0.0.1:8082/q/health/ready) == 200 ]]; then
      ready=yes
      break
    fi
    sleep 1
  done
  local ready_after=$((SECONDS - t0))
  log "crypto and dispatch ready again: $ready, $ready_after s after SIGCONT"
  finish_load
  common_checks
  local j=$parts/$SCENARIO.json
  check "recovers by itself (no manual step: services ready, every accepted message terminal)" \
    "$([[ $ready == yes && $(jq .counts.lost "$j" 2>/dev/null) == 0 ]] && echo PASS || echo FAIL)" \
    "crypto+dispatch ready again: $ready, $ready_after s after SIGCONT (waited up to 120 s); crypto answered 503 during the outage: $crypto_down"
}

scenario_carrier() {
  stack_up
  start_load "$CARRIER_MESSAGES" "$CARRIER_RATE"
  wait_accepted $((CARRIER_MESSAGES / 10))
  local drops=0 closed=0 r
  mark_fault "SMPP links dropped every $DROP_EVERY s until the load ends (POST /v1/faults/drop)"
  while load_running; do
    r=$(curl -s -X POST --max-time 5 http://127.0.0.1:8083/v1/faults/drop | jq -r '.dropped // 0' 2>/dev/null || echo 0)
    drops=$((drops + 1)) closed=$((closed + r))
    sleep "$DROP_EVERY"
  done
  log "$drops drops, $closed connections closed; last at $(accepted) accepted, $(terminal) terminal"
  MIDRUN+=("$drops drops ($closed connections)")
  finish_load
  common_checks
}

# ----------------------------------------------------------------------------------- run

for SCENARIO in "${scenarios[@]}"; do
  MIDRUN=() MIDRUN_LATE=()
  echo "==> scenario $SCENARIO (load average $(load_now))"
  printf '%s\n' "$(load_now)" >"$parts/$SCENARIO.load-before"
  "scenario_$SCENARIO"
  printf '%s\n' "$(load_now)" >"$parts/$SCENARIO.load-after"
  ./sealed down >/dev/null
done

# ----------------------------------------------------------------------------------- report

pass=$(awk -F'\t' '$3 == "PASS"' "$checks" | wc -l)
fail=$(awk -F'\t' '$3 == "FAIL"' "$checks" | wc -l)
{
  printf '# Fault suite %s\n\n' "$stamp"
  printf '`bench/faults/run.sh %s` on %s cores shared with other work. %d checks passed, %d failed.\n\n' \
    "${scenarios[*]}" "$(nproc)" "$pass" "$fail"
  printf '| scenario | check | result | detail |\n|---|---|---|---|\n'
  awk -F'\t' '{ gsub(/\|/, "\\|", $4); printf "| %s | %s | %s | %s |\n", $1, $2, ($3 == "FAIL" ? "**FAIL**" : $3), $4 }' "$checks"
  printf '\n## Runs\n\n| scenario | messages / rate | load → all terminal (s) | accept→terminal p50 / p99 (ms) | load average before → after |\n|---|---|---|---|---|\n'
  for s in "${scenarios[@]}"; do
    j=$parts/$s.json
    [[ -s $j ]] || continue
    jq -r --arg s "$s" --arg b "$(cut -d' ' -f1 "$parts/$s.load-before")" --arg a "$(cut -d' ' -f1 "$parts/$s.load-after")" \
      '"| \($s) | \(.params.messages) / \(.params.ratePerSecond)/s | \(.times.firstAcceptToLastTerminalSeconds | floor) | \(.latencyMs.acceptToTerminal.p50 | floor) / \(.latencyMs.acceptToTerminal.p99 | floor) | \($b) → \($a) |"' "$j"
  done
  printf '\n## Events\n\n'
  for s in "${scenarios[@]}"; do
    printf '### %s\n\n```\n' "$s"
    cat "$parts/$s.events" 2>/dev/null || true
    printf '```\n\n'
  done
  printf 'Raw parts: `.sealed/faults/%s/` (not kept in git).\n' "$stamp"
} >"$results/$stamp.md"
jq -n --arg stamp "$stamp" --rawfile checks "$checks" \
  '{stamp: $stamp, checks: ($checks | split("\n") | map(select(length > 0) | split("\t") | {scenario: .[0], check: .[1], result: .[2], detail: .[3]}))}' \
  >"$results/$stamp.json.tmp"
scen_json=()
for s in "${scenarios[@]}"; do [[ -s $parts/$s.json ]] && scen_json+=("$parts/$s.json"); done
if ((${#scen_json[@]})); then
  jq -s '.[0] + {runs: [.[1:][] | del(.perSecond)]}' "$results/$stamp.json.tmp" "${scen_json[@]}" >"$results/$stamp.json"
else
  mv "$results/$stamp.json.tmp" "$results/$stamp.json"
fi
rm -f "$results/$stamp.json.tmp"
echo
printf 'SUMMARY: %d passed, %d failed (%s) — bench/faults/results/%s.md\n' "$pass" "$fail" "${scenarios[*]}" "$stamp"
((fail == 0))
