#!/usr/bin/env bash
# The headless browser the dashboard's browser tests drive: Debian's Chromium at /usr/bin/chromium.
# Installs it from Debian's packages when missing (needs root, as CI has); never downloads a browser build.
set -euo pipefail
if [ -x /usr/bin/chromium ]; then
    exit 0
fi
if [ "$(id -u)" != 0 ]; then
    echo "chromium is missing: install it with 'sudo apt-get install -y chromium' (needed by tests/web)" >&2
    exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >/dev/null
apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core >/dev/null
/usr/bin/chromium --version
