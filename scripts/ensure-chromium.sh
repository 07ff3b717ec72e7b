#!/usr/bin/env bash
# The browser tests drive Debian's Chromium through playwright-core (no browser download works on
# our machines). Installs it when missing and this user may; otherwise says what to run.
set -euo pipefail
browser="${CHROMIUM_PATH:-/usr/bin/chromium}"
[ -x "$browser" ] && exit 0

if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing Debian's chromium for the browser tests..." >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null
  apt-get install -y -qq chromium >/dev/null
  exit 0
fi

echo "The browser tests need Chromium at $browser: run 'sudo apt-get install chromium'," >&2
echo "or set CHROMIUM_PATH to a Chromium or Chrome binary." >&2
exit 1
