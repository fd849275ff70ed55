#!/usr/bin/env bash
# Installs what the end-to-end tests need:
#   - Debian packages: chromium (the browser playwright-core drives), ripgrep (its rg stands in for
#     the one @vscode/ripgrep would download), libkrb5-dev (headers for code-server's `kerberos`),
#     neovim (the LSP client of test/unit/neovim.test.ts), emacs-nox with elpa-lsp-mode, elpa-eglot and
#     elpa-yaml-mode (the LSP clients of test/unit/emacs.test.ts).
#   - code-server 4.100.3 (= VS Code 1.100.3, the last release that runs on Node 20) into the
#     git-ignored .e2e/ folder of the repo, with its own package.json, so none of it lands in the
#     extension's node_modules or lockfile.
# playwright-core itself comes from the repo's own devDependencies.
#
# Idempotent: when everything is already there it only checks and exits in about a second.
# Usage: scripts/e2e/install.sh [--force] [--serve]
#   --force  install code-server again
#   --serve  only what `npm start` needs (code-server; no browser, no Neovim or Emacs: you bring your own browser)
set -euo pipefail

CS_VERSION=4.100.3
RG_CACHE_NAME=vscode-ripgrep-cache-1.15.11
RG_TARBALL=ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
DEST=${KPP_E2E_TOOLS:-$ROOT/.e2e}
FORCE=
SERVE=
for a in "$@"; do
  case "$a" in
    --force) FORCE=--force ;;
    --serve) SERVE=1 ;;
    *) echo "usage: $0 [--force] [--serve]" >&2; exit 2 ;;
  esac
done
t0=$(date +%s)

log() { echo "[e2e install] $*"; }

# --- Debian packages ---------------------------------------------------------------------------
apt_pkgs=(ripgrep libkrb5-dev)
[ -n "$SERVE" ] || apt_pkgs+=(chromium neovim emacs-nox elpa-lsp-mode elpa-eglot elpa-yaml-mode)
# node-gyp builds a few native modules of code-server: it needs a C++ toolchain and python3.
command -v g++ >/dev/null && command -v make >/dev/null || apt_pkgs+=(build-essential)
command -v python3 >/dev/null || apt_pkgs+=(python3)

missing=()
for p in "${apt_pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  SUDO=
  [ "$(id -u)" = 0 ] || SUDO=sudo
  export DEBIAN_FRONTEND=noninteractive
  log "apt-get install ${missing[*]}"
  # Update the package lists only when they are absent or the install cannot find a package.
  if ! ls /var/lib/apt/lists/*_Packages* >/dev/null 2>&1; then
    $SUDO apt-get update -qq
  fi
  if ! $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null; then
    log "apt-get install failed; updating the package lists and retrying"
    $SUDO apt-get update -qq
    $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
fi
bins=(rg)
[ -n "$SERVE" ] || bins+=(chromium nvim emacs)
for b in "${bins[@]}"; do
  command -v "$b" >/dev/null || { log "ERROR: $b is still missing after apt-get install"; exit 1; }
done

# --- code-server into .e2e/ --------------------------------------------------------------------
CS_PKG=$DEST/node_modules/code-server/package.json
have_version() { [ -f "$CS_PKG" ] && node -p "require('$CS_PKG').version" 2>/dev/null || true; }

if [ "$FORCE" != --force ] && [ "$(have_version)" = "$CS_VERSION" ] \
   && [ -x "$DEST/node_modules/.bin/code-server" ] \
   && [ -f "$DEST/node_modules/code-server/lib/vscode/node_modules/@vscode/ripgrep/bin/rg" ]; then
  log "code-server $CS_VERSION already in $DEST"
else
  mkdir -p "$DEST"
  cat > "$DEST/package.json" <<JSON
{
  "name": "kube-pod-patterns-e2e-tools",
  "private": true,
  "description": "code-server for the browser end-to-end tests; installed by scripts/e2e/install.sh",
  "dependencies": { "code-server": "$CS_VERSION" }
}
JSON
  # @vscode/ripgrep's postinstall downloads rg unless it finds this tarball in $TMPDIR; Debian's
  # rg is the same 13.0.0 release, so a tarball of it is accepted.
  RGTMP=$(mktemp -d)
  trap 'rm -rf "$RGTMP"' EXIT
  mkdir -p "$RGTMP/$RG_CACHE_NAME"
  tar czf "$RGTMP/$RG_CACHE_NAME/$RG_TARBALL" -C "$(dirname "$(command -v rg)")" rg
  log "npm install code-server@$CS_VERSION into $DEST (about a minute)"
  # unsafe_perm: code-server's postinstall refuses to run as root without it.
  # yes: node-pty's postinstall runs `npx node-gyp`, which must not stop to ask.
  # nodedir: build the native modules against the installed Node headers instead of downloading them.
  nodedir=/usr
  [ -f /usr/include/node/node.h ] || nodedir=$(dirname "$(dirname "$(command -v node)")")
  TMPDIR=$RGTMP npm_config_unsafe_perm=true npm_config_yes=true npm_config_nodedir=$nodedir \
    npm install --prefix "$DEST" --no-audit --no-fund --loglevel=error
fi

"$DEST/node_modules/.bin/code-server" --config /dev/null --version | head -1 | sed 's/^/[e2e install] code-server /'
[ -f "$ROOT/node_modules/playwright-core/package.json" ] \
  || log "WARNING: playwright-core is not in $ROOT/node_modules: run npm install in the repo"
log "done in $(( $(date +%s) - t0 )) s"
