#!/usr/bin/env bash
# Seal benchmark for crypto-service: seals/s per core and Vault requests per 10,000 messages, with a
# naive one-Transit-call-per-message baseline in the same run. Real OpenBao (dev server, bootstrapped
# with deploy/vault/bootstrap.sh, crypto-service's least-privilege token), no Kafka.
#
# Usage: bench/crypto/run.sh [MESSAGES_PER_ROUND [NAIVE_MESSAGES_PER_ROUND]]   (defaults 20000 2000)
# Needs: a Temurin JDK 21+ (JAVA_HOME or /usr/lib/jvm/temurin-25-jdk-amd64) and `bao` on PATH.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
java=$JAVA_HOME/bin/java

(cd "$root" && ./mvnw -B -q -DskipTests -pl crypto-service -am package)

work=$(mktemp -d)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
root_token=$(head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n')
BAO_DEV_ROOT_TOKEN_ID=$root_token bao server -dev -dev-no-store-token -dev-listen-address="127.0.0.1:$port" \
  >"$work/bao.log" 2>&1 &
bao_pid=$!
trap 'kill "$bao_pid" 2>/dev/null; wait "$bao_pid" 2>/dev/null; rm -rf "$work"' EXIT
for _ in $(seq 1 100); do
  curl -sf "http://127.0.0.1:$port/v1/sys/health" >/dev/null && break
  sleep 0.2
done
BAO_ADDR="http://127.0.0.1:$port" BAO_TOKEN=$root_token "$root/deploy/vault/bootstrap.sh" "$work/tokens" acme >/dev/null

cp="$root/crypto-service/target/quarkus-app/app/*:$root/crypto-service/target/quarkus-app/lib/main/*"
"$java" -Xmx512m -cp "$cp" "$here/SealBench.java" "http://127.0.0.1:$port" "$work/tokens/crypto.token" "$@"
