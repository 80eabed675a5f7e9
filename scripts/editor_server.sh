#!/bin/sh
# What the browser editor's test needs: Decap CMS's local server (decap-server, from the npm
# registry) in .venv/decap-server, which the test starts on the hub's checkout. Installs
# Node.js and npm with apt-get where they are missing (as root on Debian), else says the one
# command to run.
set -eu
VERSION=3.11.3
here=$(cd "$(dirname "$0")/.." && pwd)
prefix="$here/.venv/decap-server"
[ -x "$prefix/node_modules/.bin/decap-server" ] \
  && grep -q "\"version\": \"$VERSION\"" "$prefix/node_modules/decap-server/package.json" \
  && exit 0
if ! command -v npm >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "editor test: installing nodejs npm (apt-get)"
    DEBIAN_FRONTEND=noninteractive apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends nodejs npm \
      >/dev/null
  else
    echo "The editor's test needs Node.js and npm. Install them with:" >&2
    echo "  sudo apt-get install -y nodejs npm" >&2
    exit 1
  fi
fi
echo "editor test: installing decap-server $VERSION (npm)"
mkdir -p "$prefix"
npm install --silent --no-audit --no-fund --prefix "$prefix" "decap-server@$VERSION"
