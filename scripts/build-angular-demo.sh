#!/usr/bin/env bash
# Builds the Angular demo (demos/angular/) into demos/angular/dist/demo/browser/, the way an app
# would consume rxmcp: the repo is compiled and packed with `npm pack` into
# demos/angular/.pack/rxmcp.tgz, which the demo installs (`npm ci` from its lock file, then the
# fresh tarball unpacked over it: a copy, not a symlink, with one rxjs shared by Angular and
# rxmcp), then `ng build` on Node 22 (scripts/node22.sh).
#
# spec/angular/demo-chromium.spec.ts runs this (through spec/helpers/angular-demo.ts) when a hash
# of its inputs changed; run it by hand to look at the demo: then serve dist/demo/browser/ and open
# it with ?server=<an MCP endpoint that allows CORS>.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
NODE22=$(bash scripts/node22.sh)
export PATH="$(dirname "$NODE22"):$PATH" NG_CLI_ANALYTICS=false
WORK=$ROOT/.cache/angular-demo
DEMO=$ROOT/demos/angular

echo "== rxmcp: compile and pack (into $WORK/pkg, leaving dist/ alone)"
rm -rf "$WORK/pkg" && mkdir -p "$WORK/pkg" "$DEMO/.pack"
node_modules/.bin/tsc -p tsconfig.build.json --outDir "$WORK/pkg/dist"
node scripts/bundle-node.mjs "$WORK/pkg/dist"
cp package.json README.md "$WORK/pkg/" && cp -r lib "$WORK/pkg/lib"
rm -f "$DEMO"/.pack/*.tgz
(cd "$WORK/pkg" && npm pack --silent --pack-destination "$DEMO/.pack" >/dev/null)
mv "$DEMO"/.pack/rxmcp-*.tgz "$DEMO/.pack/rxmcp.tgz"

echo "== demos/angular: npm ci, ng build (Node $(node --version))"
cd "$DEMO"
if ! cmp -s package-lock.json node_modules/.installed-lock.json; then
  npm ci --no-audit --no-fund --loglevel=error
  cp package-lock.json node_modules/.installed-lock.json
fi
# npm ci takes a file: tarball from its cache by the lock's integrity, which is the tarball of the
# day the lock was written; unpack the fresh one in its place (what npm does with a tarball: a copy)
rm -rf node_modules/rxmcp && mkdir node_modules/rxmcp
tar -xzf .pack/rxmcp.tgz -C node_modules/rxmcp --strip-components=1
node node_modules/@angular/cli/bin/ng.js build --progress=false
