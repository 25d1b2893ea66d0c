#!/usr/bin/env bash
# Builds the browser phone's JavaScript into share/www: installs the npm packages pinned in
# package.json / package-lock.json (npm ci, only when node_modules is missing or older than the
# lock file), then bundles JsSIP with esbuild into share/www/jssip.min.js. Needs Node.js 18 or
# later with npm, and the npm registry on the first run; nothing is fetched when the page runs.
#
#   contrib/www/bundle.sh          # from anywhere; sip_browser.py runs it too
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
if ! command -v npm >/dev/null; then
  echo "bundle: npm not found: install Node.js 18 or later with npm" >&2
  exit 1
fi
if [[ ! -f node_modules/.package-lock.json || package-lock.json -nt node_modules/.package-lock.json ]]; then
  npm ci --no-audit --no-fund --loglevel=error
fi
npm run --silent bundle -- --log-level=warning
echo "bundle: share/www/jssip.min.js ($(wc -c <share/www/jssip.min.js) bytes)"
