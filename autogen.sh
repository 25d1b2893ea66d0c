#!/bin/sh
# Generates ./configure. Needs the Debian packages autoconf, automake, libtool and pkg-config.
set -e
srcdir="$(dirname "$0")"
cd "$srcdir"
command -v autoreconf >/dev/null || { echo "autoreconf not found: install the Debian packages autoconf automake libtool" >&2; exit 1; }
autoreconf --install --force --warnings=all
