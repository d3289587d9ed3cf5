#!/usr/bin/env bash
# Vault (or OpenBao) Kubernetes auth for Sealed SMS: the auth method and one role per service
# that talks to Vault, bound to the ServiceAccount the Helm chart creates for it, granting the
# existing least-privilege policies from ../policies (written by ../bootstrap.sh):
#
#   role sealed-policy-service   -> SA <release>-policy-service   -> policy sealed-policy
#   role sealed-crypto-service   -> SA <release>-crypto-service   -> policy sealed-crypto
#   role sealed-dispatch-service -> SA <release>-dispatch-service -> policy sealed-dispatch
#
# The carrier simulator never calls Vault and gets no role. No role grants
# sealed-admin: key administration is for operators, through their own auth.
#
# Usage: BAO_ADDR=… BAO_TOKEN=<admin> configure-auth.sh NAMESPACE [RELEASE]
#   KUBERNETES_HOST  API server URL as Vault reaches it (default https://kubernetes.default.svc:443,
#                    right when Vault runs in the same cluster; it then reviews tokens with its own
#                    ServiceAccount, which needs the system:auth-delegator ClusterRole)
#   KUBERNETES_CA_CERT  PEM file of the API server's CA; needed when Vault runs outside the cluster
#   TOKEN_REVIEWER_JWT_FILE  a long-lived token of a ServiceAccount bound to system:auth-delegator,
#                    when Vault runs outside the cluster
#   AUTH_MOUNT       mount path of the auth method (default kubernetes; chart: vault.kubernetesAuthMount)
#   TOKEN_AUDIENCE   audience of the projected token (default vault; chart: vault.tokenAudience)
# Idempotent: re-running rewrites the roles. Needs the `bao` CLI; `vault` works too: BAO_CLI=vault.
set -euo pipefail

cli=${BAO_CLI:-bao}
namespace=${1:?usage: configure-auth.sh NAMESPACE [RELEASE]}
release=${2:-sealed-sms}
mount=${AUTH_MOUNT:-kubernetes}
audience=${TOKEN_AUDIENCE:-vault}
host=${KUBERNETES_HOST:-https://kubernetes.default.svc:443}

if ! "$cli" auth list -format=json | grep -q "\"$mount/\""; then
  "$cli" auth enable -path="$mount" kubernetes >/dev/null
fi
config=(kubernetes_host="$host")
[[ -n ${KUBERNETES_CA_CERT:-} ]] && config+=(kubernetes_ca_cert="@$KUBERNETES_CA_CERT")
[[ -n ${TOKEN_REVIEWER_JWT_FILE:-} ]] && config+=(token_reviewer_jwt="@$TOKEN_REVIEWER_JWT_FILE")
"$cli" write "auth/$mount/config" "${config[@]}" >/dev/null

# Short-lived tokens, renewed by logging in again with a fresh projected ServiceAccount token.
for svc in policy crypto dispatch; do
  "$cli" write "auth/$mount/role/sealed-$svc-service" \
    bound_service_account_names="$release-$svc-service" \
    bound_service_account_namespaces="$namespace" \
    audience="$audience" \
    token_policies="sealed-$svc" \
    token_ttl=1h token_max_ttl=4h \
    token_type=service >/dev/null
done
echo "configure-auth.sh: roles sealed-{policy,crypto,dispatch}-service bound to $namespace/$release-{policy,crypto,dispatch}-service"
