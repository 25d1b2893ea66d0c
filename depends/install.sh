#!/usr/bin/env bash
# Installs the Debian 12 packages DOTS needs, and nothing else: only missing packages are installed,
# and `apt-get update` runs only when something is missing. Idempotent.
#
#   depends/install.sh            build packages
#   depends/install.sh test       build + test packages
#   depends/install.sh bench      build + test + bench packages
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
level="${1:-build}"
case "$level" in
  build) lists=(build) ;;
  test) lists=(build test) ;;
  bench|all) lists=(build test bench) ;;
  *) echo "usage: $0 [build|test|bench]" >&2; exit 2 ;;
esac

wanted=()
for list in "${lists[@]}"; do
  while read -r pkg; do
    [[ -z "$pkg" || "$pkg" == \#* ]] && continue
    wanted+=("$pkg")
  done < "$here/packages/$list.txt"
done

missing=()
for pkg in "${wanted[@]}"; do
  status="$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null || true)"
  [[ "$status" == "install ok installed" ]] || missing+=("$pkg")
done

if [[ ${#missing[@]} -eq 0 ]]; then
  echo "depends: all ${#wanted[@]} packages present"
  exit 0
fi

sudo=""
if [[ $(id -u) -ne 0 ]]; then
  command -v sudo >/dev/null || { echo "depends: need root (or sudo) to install: ${missing[*]}" >&2; exit 1; }
  sudo="sudo"
fi
echo "depends: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
