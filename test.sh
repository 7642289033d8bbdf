#!/usr/bin/env bash
# Runs every test of Bulwark: the gofmt check, go vet, staticcheck and
# go test -race over every package, the web UI's test in headless Chromium
# included. It installs what it needs (staticcheck, and Debian's chromium
# with apt-get, through sudo unless root) when missing.
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

# The browser test (server/browser_test.go) drives Debian's Chromium; here
# it must run, not skip, so Chromium is installed when missing.
# BULWARK_CHROMIUM=PATH names another Chromium build instead.
echo "== chromium"
install_chromium() {
  local sudo=()
  if [ "$(id -u)" != 0 ]; then
    if ! command -v sudo >/dev/null 2>&1; then
      echo "test.sh: Chromium is missing, and installing it needs root or sudo (neither is available)" >&2
      return 1
    fi
    sudo=(sudo -n)
  fi
  if ! command -v apt-get >/dev/null 2>&1; then
    echo "test.sh: Chromium is missing and there is no apt-get to install it; install Chromium and set BULWARK_CHROMIUM=PATH" >&2
    return 1
  fi
  export DEBIAN_FRONTEND=noninteractive
  # Refresh the package lists only if they do not know chromium yet, or
  # if they are stale (the install fails on a vanished package version).
  if ! apt-cache show chromium >/dev/null 2>&1; then
    "${sudo[@]}" apt-get update -q || { echo "test.sh: apt-get update failed" >&2; return 1; }
  fi
  if ! "${sudo[@]}" apt-get install -y -q chromium; then
    "${sudo[@]}" apt-get update -q &&
      "${sudo[@]}" apt-get install -y -q chromium ||
      { echo "test.sh: apt-get install chromium failed (see above)" >&2; return 1; }
  fi
}
if [ -n "${BULWARK_CHROMIUM:-}" ]; then
  [ -x "$BULWARK_CHROMIUM" ] || { echo "test.sh: BULWARK_CHROMIUM=$BULWARK_CHROMIUM is not an executable" >&2; exit 1; }
  echo "using $BULWARK_CHROMIUM"
elif [ -x /usr/bin/chromium ]; then
  echo "using /usr/bin/chromium"
else
  echo "installing chromium with apt-get"
  install_chromium || exit 1
  [ -x /usr/bin/chromium ] || { echo "test.sh: apt-get installed chromium but /usr/bin/chromium is missing" >&2; exit 1; }
fi
export BULWARK_REQUIRE_BROWSER=1

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
