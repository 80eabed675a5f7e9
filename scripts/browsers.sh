#!/bin/sh
# What the browser tests need: Debian's chromium and the Noto fonts that draw Kannada,
# Bengali, Urdu, Thai and Japanese as letters. Of chromium, its headless shell (package
# chromium-headless-shell, what Playwright itself runs headless) is preferred: it spends
# half the CPU of the full browser on the same tests; the full `chromium` still serves
# where the shell cannot be installed. Installs what is missing where it can (as root,
# with apt-get); elsewhere it stops with the one command to run.
set -eu
FONTS="fonts-noto-core fonts-noto-cjk"
SHELL_PACKAGE="chromium-headless-shell"

installed() {
  case "$(dpkg-query -W -f='${Status}' "$1" 2>/dev/null || true)" in
    *"install ok installed"*) return 0 ;;
    *) return 1 ;;
  esac
}

if command -v dpkg-query >/dev/null 2>&1; then
  missing=""
  for package in $SHELL_PACKAGE $FONTS; do
    installed "$package" || missing="$missing $package"
  done
  missing=${missing# }
  [ -z "$missing" ] && exit 0
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "browser tests: installing $missing (apt-get)"
    export DEBIAN_FRONTEND=noninteractive
    # shellcheck disable=SC2086  # one word per package
    if apt-get update -qq && apt-get install -y -qq --no-install-recommends $missing >/dev/null
    then
      exit 0
    fi
  fi
  # The shell could not be had: the full chromium does the same, at twice the CPU.
  still=""
  for package in $missing; do
    installed "$package" || still="$still $package"
  done
  still=${still# }
  if [ "$still" = "$SHELL_PACKAGE" ] && installed chromium; then
    echo "browser tests: $SHELL_PACKAGE is missing, using chromium (slower)" >&2
    exit 0
  fi
  echo "The browser tests need $still. Install them with:" >&2
  echo "  sudo apt-get install -y $still" >&2
  exit 1
fi

# Not Debian: any chromium will do (CHROMIUM names one that is not on PATH).
for candidate in "${CHROMIUM:-}" chromium-headless-shell chromium chromium-browser; do
  [ -n "$candidate" ] && command -v "$candidate" >/dev/null 2>&1 && exit 0
done
echo "The browser tests need chromium (and Noto fonts for Indic, Arabic and CJK scripts):" >&2
echo "  install it with your package manager, or set CHROMIUM=/path/to/chromium" >&2
exit 1
