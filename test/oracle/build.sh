#!/usr/bin/env bash
# Builds the oracle of each Kubernetes release into test/oracle/bin/oracle-<release> (git-ignored).
# Usage: build.sh [RELEASE...]   releases as 1.37 or 1.37.2; default: every releases/v*.mod.
# Incremental: a release whose sources, module files and Go version have not changed since its
# last build is not rebuilt (a stamp beside the binary records them).
# Cached across clones: each build is also stored under $KPP_ORACLE_CACHE (default: a folder of
# the Go module cache, which CI keeps between runs), keyed by the same stamp, so a fresh clone
# copies a binary instead of compiling for ~10 minutes per release.
# Concurrent runs (CI starts the build early, the test suite asks again) wait for each other.
# Exit status: 0 built (or up to date), 1 a build failed, 3 Go is not installed.
set -uo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
cd "$here"
if ! command -v go >/dev/null 2>&1; then
  echo "oracle: Go is not installed (go not on PATH): the oracle cannot be built." >&2
  exit 3
fi
# Never switch toolchains behind the developer's back: a release that needs a newer Go fails here.
export GOTOOLCHAIN=local
mkdir -p bin
want=("$@")
mods=()
for m in releases/v*.mod; do
  rel="${m#releases/v}"; rel="${rel%.mod}"
  if [ ${#want[@]} -eq 0 ]; then mods+=("$rel"); continue; fi
  for w in "${want[@]}"; do
    w="${w#v}"
    if [ "$w" = "$rel" ] || [ "$w" = "${rel%.*}" ]; then mods+=("$rel"); fi
  done
done
if [ ${#mods[@]} -eq 0 ]; then
  echo "oracle: no module file for ${want[*]} in releases/ (gen-mod.sh RELEASE writes one)" >&2
  exit 1
fi
gover="$(go env GOVERSION)"
cache="${KPP_ORACLE_CACHE:-$(go env GOMODCACHE)/cache/kube-pod-patterns-oracle}"
mkdir -p "$cache" 2>/dev/null || cache=""
if command -v flock >/dev/null 2>&1; then
  exec 9>"bin/.build.lock"
  flock 9
fi
status=0
for rel in "${mods[@]}"; do
  minor="${rel%.*}"
  out="bin/oracle-$minor"
  stamp="$(cat releases/v"$rel".mod releases/v"$rel".sum *.go 2>/dev/null | sha256sum | cut -c1-16)-$gover-$rel"
  if [ -x "$out" ] && [ "$(cat "$out.stamp" 2>/dev/null)" = "$stamp" ]; then
    echo "oracle $minor ($rel): up to date"
    if [ -n "$cache" ] && [ ! -x "$cache/oracle-$stamp" ]; then
      cp "$out" "$cache/oracle-$stamp.tmp" && mv "$cache/oracle-$stamp.tmp" "$cache/oracle-$stamp"
    fi
    continue
  fi
  if [ -n "$cache" ] && [ -x "$cache/oracle-$stamp" ] && cp "$cache/oracle-$stamp" "$out.tmp" && mv "$out.tmp" "$out"; then
    echo "$stamp" > "$out.stamp"
    echo "oracle $minor ($rel): copied from the build cache $cache"
    continue
  fi
  start=$(date +%s)
  if go build -modfile="releases/v$rel.mod" -o "$out.tmp" . ; then
    mv "$out.tmp" "$out"
    echo "$stamp" > "$out.stamp"
    echo "oracle $minor ($rel): built in $(( $(date +%s) - start )) s"
    if [ -n "$cache" ]; then
      # Keep the newest three builds of each release.
      cp "$out" "$cache/oracle-$stamp.tmp" && mv "$cache/oracle-$stamp.tmp" "$cache/oracle-$stamp"
      ls -t "$cache"/oracle-*-"$rel" 2>/dev/null | tail -n +4 | xargs -r rm -f
    fi
  else
    rm -f "$out.tmp"
    echo "oracle $minor ($rel): build FAILED" >&2
    status=1
  fi
done
exit $status
