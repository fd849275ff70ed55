#!/usr/bin/env bash
# Writes releases/v1.X.Y.mod and .sum: the oracle's module file for one Kubernetes release,
# with every staging module (k8s.io/<name> => ./staging/src/k8s.io/<name> in the release's own
# go.mod) replaced by its published v0.X.Y tag. Run once per new release; the build reads the result.
# Usage: gen-mod.sh 1.37.2
set -euo pipefail
cd "$(dirname "$0")"
rel="${1#v}"
minor_patch="${rel#1.}"
export GOTOOLCHAIN=local GOFLAGS=-mod=mod
mod="releases/v$rel.mod"
gomod="$(go mod download -json "k8s.io/kubernetes@v$rel" | sed -n 's/^[[:space:]]*"GoMod": "\(.*\)",\{0,1\}$/\1/p')"
[ -f "$gomod" ] || { echo "cannot read the go.mod of k8s.io/kubernetes@v$rel" >&2; exit 1; }
goline="$(grep -m1 '^go ' "$gomod" | awk '{print $2}')"
{
  echo "module kube-pod-patterns/oracle"
  echo
  echo "go $goline"
} > "$mod"
rm -f "releases/v$rel.sum"
for name in $(sed -n 's#^[[:space:]]*k8s.io/\([a-z0-9-]*\) => ./staging/src/k8s.io/.*#\1#p' "$gomod"); do
  go mod edit -modfile="$mod" -replace="k8s.io/$name=k8s.io/$name@v0.$minor_patch"
done
go mod edit -modfile="$mod" -require="k8s.io/kubernetes@v$rel"
go mod tidy -modfile="$mod"
echo "wrote $mod"
