#!/bin/sh
# What the browser tests need: Debian's chromium and the Noto fonts that draw Kannada,
# Bengali, Urdu, Thai and Japanese as letters. Installs what is missing where it can (as
# root, with apt-get); elsewhere it stops with the one command to run.
set -eu
PACKAGES="chromium fonts-noto-core fonts-noto-cjk"

if command -v dpkg-query >/dev/null 2>&1; then
  missing=""
  for package in $PACKAGES; do
    status=$(dpkg-query -W -f='${Status}' "$package" 2>/dev/null || true)
    case "$status" in
      *"install ok installed"*) ;;
      *) missing="$missing $package" ;;
    esac
  done
  missing=${missing# }
  [ -z "$missing" ] && exit 0
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "browser tests: installing $missing (apt-get)"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    # shellcheck disable=SC2086  # one word per package
    apt-get install -y -qq --no-install-recommends $missing >/dev/null
    exit 0
  fi
  echo "The browser tests need $missing. Install them with:" >&2
  echo "  sudo apt-get install -y $missing" >&2
  exit 1
fi

# Not Debian: any chromium will do (CHROMIUM names one that is not on PATH).
for candidate in "${CHROMIUM:-}" chromium chromium-browser; do
  [ -n "$candidate" ] && command -v "$candidate" >/dev/null 2>&1 && exit 0
done
echo "The browser tests need chromium (and Noto fonts for Indic, Arabic and CJK scripts):" >&2
echo "  install it with your package manager, or set CHROMIUM=/path/to/chromium" >&2
exit 1
