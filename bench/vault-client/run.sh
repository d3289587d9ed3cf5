#!/usr/bin/env bash
# Vault client benchmark (issue 22, point 8): CPU per Transit call, calls/s, latency p50/p99 and live
# threads of envelope's TransitClient, built at the commit before the shared keep-alive HttpClient
# (0dbd3fa, the parent of 895ac63) and at HEAD, in the same run against the same real OpenBao dev
# server. Each (round, build, threads) is its own JVM: one warm-up round, not counted, then one
# measured round; the order of the two builds flips every round (ABBA…) so drift from other work
# on the machine hits both alike. Every call HMACs a new recipient, as a message to a new number.
#
# Usage: bench/vault-client/run.sh [ROUNDS [CALLS [WARMUP]]]   (defaults 5 4000 1000)
#   VC_THREADS="1 16"   concurrencies (callers on one TransitClient)
#   VC_BEFORE=0dbd3fa VC_AFTER=HEAD   the two commits compared
# Writes bench/vault-client/results-<UTC date>.txt. Builds both commits from `git archive` in a
# temporary folder with `package` (never `install`), so neither the work tree's target folders nor
# the shared ~/.m2 artifacts change. Needs: a Temurin JDK 21+ and `bao` (both found or installed by
# deploy/local/lib.sh), Maven's offline repository.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
# shellcheck source=../../deploy/local/lib.sh
source "$root/deploy/local/lib.sh"
sealed_select_jdk
sealed_ensure_bao

rounds=${1:-5}
calls=${2:-4000}
warmup=${3:-1000}
threads_list=${VC_THREADS:-1 16}
before_rev=$(git -C "$root" rev-parse --short "${VC_BEFORE:-0dbd3fa}")
after_rev=$(git -C "$root" rev-parse --short "${VC_AFTER:-HEAD}")
out=$here/results-$(date -u +%Y%m%dT%H%M).txt

work=$(mktemp -d)
bao_pid=
cleanup() {
  if [[ -n $bao_pid ]]; then kill "$bao_pid" 2>/dev/null || true; wait "$bao_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

# The envelope jar and its compile class path (events from the same tree, the driver from ~/.m2).
build() {
  local side=$1 rev=$2 dir=$work/$1
  mkdir -p "$dir"
  git -C "$root" archive "$rev" | tar -x -C "$dir"
  sealed_say "==> building envelope at $rev ($side)"
  # The plugin by its full name: offline, Maven cannot resolve the `dependency:` prefix.
  (cd "$dir" && ./mvnw -B -q -o -DskipTests -pl envelope -am package \
    org.apache.maven.plugins:maven-dependency-plugin:3.8.1:build-classpath \
    -DincludeScope=compile -Dmdep.outputFile="$dir/deps.cp")
  printf '%s:%s' "$(ls "$dir"/envelope/target/envelope-*.jar)" "$(cat "$dir/deps.cp")" >"$work/$side.cp"
}
build before "$before_rev"
build after "$after_rev"

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
root_token=$(head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n')
BAO_DEV_ROOT_TOKEN_ID=$root_token bao server -dev -dev-no-store-token -dev-listen-address="127.0.0.1:$port" \
  >"$work/bao.log" 2>&1 &
bao_pid=$!
for _ in $(seq 1 100); do
  curl -sf "http://127.0.0.1:$port/v1/sys/health" >/dev/null && break
  sleep 0.2
done
# crypto-service's least-privilege token and the key sms-rcpt-acme, as the services have them.
BAO_ADDR="http://127.0.0.1:$port" BAO_TOKEN=$root_token "$root/deploy/vault/bootstrap.sh" "$work/tokens" acme >/dev/null
# The server's CPU per call is read from /proc/<pid>: only if $! is the server itself, not a wrapper.
server_pid=$bao_pid
[[ $(cat "/proc/$bao_pid/comm" 2>/dev/null) == bao ]] || server_pid=-1

{
  printf 'vault-client benchmark, %s UTC\n' "$(date -u '+%Y-%m-%d %H:%M')"
  printf 'before: envelope at %s (%s)\n' "$before_rev" "$(git -C "$root" log -1 --format=%s "$before_rev")"
  printf 'after:  envelope at %s (%s)\n' "$after_rev" "$(git -C "$root" log -1 --format=%s "$after_rev")"
  printf 'rounds %s, %s measured calls per round after %s warm-up calls, threads: %s\n' \
    "$rounds" "$calls" "$warmup" "$threads_list"
  printf '%s; %s; %s CPUs; load average at start: %s\n' "$("$SEALED_JAVA" -version 2>&1 | head -n 1)" \
    "$(bao version)" "$(nproc)" "$(cut -d' ' -f1-3 /proc/loadavg)"
} | tee "$out"

seq_no=0
for ((round = 1; round <= rounds; round++)); do
  if ((round % 2)); then order="before after"; else order="after before"; fi
  for threads in $threads_list; do
    for side in $order; do
      # One block of 10^6 numbers per JVM: every recipient of the whole run is distinct.
      first=$((seq_no * 1000000))
      seq_no=$((seq_no + 1))
      printf 'round %d ' "$round" | tee -a "$out"
      "$SEALED_JAVA" -Xmx512m -Dclk.tck="$(getconf CLK_TCK)" -Djava.util.logging.config.file=/dev/null \
        -cp "$(cat "$work/$side.cp")" "$here/VaultClientBench.java" \
        run "$side" "http://127.0.0.1:$port" "$work/tokens/crypto.token" "$threads" "$calls" "$warmup" \
        "$first" "$server_pid" | tee -a "$out"
    done
  done
done
printf 'load average at end: %s\n\n' "$(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$out"
"$SEALED_JAVA" -cp "$(cat "$work/after.cp")" "$here/VaultClientBench.java" summary "$out" | tee -a "$out"
