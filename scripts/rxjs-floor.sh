#!/usr/bin/env bash
# The lower bound of rxmcp's rxjs peer range, proven: copy the repository into a scratch directory
# (node_modules hard-linked, so it is quick and the worktree is never touched), replace rxjs with
# the floor version (default: the one in package.json's peerDependencies), then type-check the
# library and its specs and run the specs that exercise rxmcp's use of rxjs end to end.
# Usage: scripts/rxjs-floor.sh [VERSION]
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
version=${1:-$(node -p "require('./package.json').peerDependencies.rxjs.replace(/^[^0-9]*/, '').split(' ')[0]")}
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
cp -r lib spec demos bench scripts tsconfig.json tsconfig.build.json jest.config.js package.json "$scratch"/
cp -al node_modules "$scratch"/node_modules
rm -rf "$scratch/node_modules/rxjs"
( cd "$scratch" && npm pack --silent "rxjs@$version" >/dev/null && mkdir node_modules/rxjs \
  && tar -xzf rxjs-*.tgz -C node_modules/rxjs --strip-components=1 && rm rxjs-*.tgz )
cd "$scratch"
echo "rxjs $(node -p "require('rxjs/package.json').version") in $scratch"
npx tsc -p tsconfig.json --noEmit
# the Node bundle imports rxjs by its modules (scripts/rxjs-deep-imports.mjs), at the paths read from
# the rxjs it was built with: they hold in this version too
node scripts/rxjs-deep-imports.mjs --check "$root/node_modules/rxjs" node_modules/rxjs
# The specs whose subject is what rxmcp builds from rxjs: the dispatcher (Subjects, share,
# finalize, cancel on unsubscribe), the operators (timeout, retry, reconnect), the session and
# both client eras over real servers, the live lists (shareReplay, switchMap) and the time layer
# (schedulers). Transports, cache and auth use rxjs the same way through these layers.
npx jest \
  spec/dispatch spec/operators spec/time spec/session spec/client spec/streams --selectProjects undici
