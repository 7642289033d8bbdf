#!/usr/bin/env bash
# Runs every test of Bulwark: the gofmt check, go vet, staticcheck and
# go test -race over every package. It installs what it needs (staticcheck)
# when missing.
#
#   ./test.sh          the default run (a few minutes on 2 cores)
#   ./test.sh --long   also fuzzes every parser for FUZZTIME each (default 5m)
#
# The long run is for release checks and nightly jobs, not for CI.
set -euo pipefail
cd "$(dirname "$0")"

long=0
for arg in "$@"; do
  case "$arg" in
    --long) long=1 ;;
    -h|--help) sed -n '2,10p' "$0"; exit 0 ;;
    *) echo "test.sh: unknown argument $arg" >&2; exit 2 ;;
  esac
done

STATICCHECK_VERSION=v0.8.2
export PATH="$PATH:$(go env GOPATH)/bin"

echo "== gofmt"
unformatted=$(gofmt -l $(find . -name '*.go' -not -path './.git/*'))
if [ -n "$unformatted" ]; then
  echo "gofmt would change:" >&2
  echo "$unformatted" >&2
  exit 1
fi

echo "== go vet"
go vet ./...

echo "== staticcheck"
if ! command -v staticcheck >/dev/null 2>&1; then
  echo "installing staticcheck $STATICCHECK_VERSION"
  go install "honnef.co/go/tools/cmd/staticcheck@$STATICCHECK_VERSION"
fi
staticcheck ./...

echo "== go test -race"
go test -race -count=1 ./...

if [ "$long" = 1 ]; then
  fuzztime=${FUZZTIME:-5m}
  # Every fuzz target, found by name, run one at a time.
  grep -rl --include='*_test.go' '^func Fuzz' . | while read -r file; do
    pkg=$(dirname "$file")
    for target in $(grep -o '^func Fuzz[A-Za-z0-9_]*' "$file" | sed 's/^func //'); do
      echo "== fuzz $pkg $target ($fuzztime)"
      go test -run='^$' -fuzz="^${target}\$" -fuzztime="$fuzztime" "$pkg"
    done
  done
fi
echo "== all tests passed"
