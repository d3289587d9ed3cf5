#!/usr/bin/env bash
# One message at a time on a freshly started stack: accept -> sms.approved -> sms.sealed ->
# SUBMITTED per message, read from the records' CreateTime and the SUBMITTED receipt's acceptedAt
# and occurredAt. Each poll timeout in POLL_TIMEOUTS gets its own fresh stacks, so the figures
# compare like with like in one run (issue 14: seconds of idle latency after a start).
#
#   bench/e2e/idle.sh                           # POLL_TIMEOUTS="1000 20", RUNS=3, MESSAGES=12, GAP=2
#   POLL_TIMEOUTS=20 RUNS=1 bench/e2e/idle.sh   # today's setting only
#
# 1000 ms is SmallRye's default poll-timeout (the setting before issue 14), 20 ms the services'
# own (sealed.kafka.poll-timeout-ms). Uses ./sealed's default JVM options; the stack must be down.
# Appends its runs and the medians per setting to bench/e2e/results/idle.txt.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
POLL_TIMEOUTS=${POLL_TIMEOUTS:-1000 20}
RUNS=${RUNS:-3}
MESSAGES=${MESSAGES:-12}
GAP=${GAP:-2}
base_opts=${SEALED_SERVICE_JAVA_OPTS:--Xms32m -Xmx256m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:+ExitOnOutOfMemoryError}
cd "$root"
mkdir -p "$here/results" .sealed/bench
work=$(mktemp -d .sealed/bench/idle.XXXXXX)
trap './sealed down >/dev/null 2>&1 || true' EXIT

for timeout in $POLL_TIMEOUTS; do
  for run in $(seq 1 "$RUNS"); do
    ./sealed down >/dev/null 2>&1 || true
    SEALED_SERVICE_JAVA_OPTS="$base_opts -Dsealed.kafka.poll-timeout-ms=$timeout" ./sealed up --no-demo >"$work/up.log" 2>&1 ||
      { tail -40 "$work/up.log"; exit 1; }
    : >"$work/ids"
    for i in $(seq 1 "$MESSAGES"); do
      answer=$(curl -sf -X POST http://127.0.0.1:8080/v1/messages -H "Authorization: Bearer $(cat .sealed/api-key)" \
        -H 'Content-Type: application/json' \
        -d "{\"to\":\"+447400$(printf %06d $((RANDOM * 30 + i)))\",\"from\":\"ACME\",\"body\":\"idle $i\"}")
      sed 's/.*"messageId":"\([^"]*\)".*/\1/' <<<"$answer" >>"$work/ids"
      sleep "$GAP"
    done
    sleep 3
    for t in sms.approved sms.sealed sms.receipts; do
      timeout 30 ./sealed consume "$t" 2>/dev/null | sed "s/^/$t\t/" || true
    done >"$work/records"
    python3 "$here/idle.py" "$work/ids" "$work/records" "poll-timeout=${timeout}ms run=$run" | tee -a "$work/runs"
  done
done
{
  echo "# bench/e2e/idle.sh $(date -u +%Y-%m-%dT%H:%MZ) POLL_TIMEOUTS=\"$POLL_TIMEOUTS\" RUNS=$RUNS MESSAGES=$MESSAGES GAP=$GAP"
  cat "$work/runs"
  python3 "$here/idle.py" --summary "$work/runs"
} | tee -a "$here/results/idle.txt" | tail -n "$(wc -w <<<"$POLL_TIMEOUTS")"
