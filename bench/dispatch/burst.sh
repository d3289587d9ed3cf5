#!/usr/bin/env bash
# Issue 21's burst scenario at full size: 10,000 messages submitted while a strict carrier (never
# resends a refused receipt, unbinds after 10 refusals) holds every receipt; both links dropped;
# after dispatch rebinds, all receipts released at once, 1,000 deliver_sm in flight.
# ReceiptBurstTest, which the suite runs with 3,000.
#   bench/dispatch/burst.sh            # MESSAGES=10000 ROUNDS=3
# Prints each run's result line and appends it to bench/dispatch/burst-<date>.txt.
set -euo pipefail
cd "$(dirname "$0")/../.."
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
# shellcheck source=../../deploy/local/lib.sh
source deploy/local/lib.sh
sealed_ensure_bao
MESSAGES=${MESSAGES:-10000}
ROUNDS=${ROUNDS:-3}
OUT=bench/dispatch/burst-$(date -u +%Y%m%dT%H%M).txt
./mvnw -B -q -o -pl dispatch-service -am install -DskipTests >/dev/null
for round in $(seq "$ROUNDS"); do
  ./mvnw -B -o -pl dispatch-service surefire:test -Dtest=ReceiptBurstTest -Dsurefire.failIfNoSpecifiedTests=false \
    -Dbench.burst.messages="$MESSAGES" 2>&1 | grep -E 'receipt burst:|Tests run:.*ReceiptBurstTest|FAIL' |
    sed "s/^/round $round: /" | tee -a "$OUT"
done
