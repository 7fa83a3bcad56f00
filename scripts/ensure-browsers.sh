#!/usr/bin/env bash
# The real-engine tests drive Debian's browsers (Playwright cannot download
# its own here). Installs them when missing, as root; otherwise says how.
set -euo pipefail
need=()
[ -x /usr/bin/chromium ] || need+=(chromium)
[ -x /usr/bin/firefox-esr ] || need+=(firefox-esr)
[ -x /usr/bin/WebKitWebDriver ] || need+=(webkit2gtk-driver)
command -v Xvfb >/dev/null || need+=(xvfb)
command -v xauth >/dev/null || need+=(xauth)
[ ${#need[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -ne 0 ]; then
  echo "Browsers missing: run 'sudo apt-get install -y ${need[*]}' and try again." >&2
  exit 1
fi
echo "Installing ${need[*]} from Debian (a few minutes on a new machine: about 500 MB)…"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq "${need[@]}" >/dev/null
echo "Installed in ${SECONDS} s."
