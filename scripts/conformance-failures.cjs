// Prints what failed in a conformance run, for a CI log that has only the summary: for every
// scenario the runner listed under "Unexpected failures", its FAILURE and WARNING checks (with
// their messages and details) and the last lines of the client's stderr.
//   node scripts/conformance-failures.cjs <runner log> <results dir>
const { readFileSync, readdirSync, existsSync } = require('node:fs');
const { join, dirname, basename } = require('node:path');

const [logPath, resultsDir] = process.argv.slice(2);
const log = readFileSync(logPath, 'utf8').replace(/\x1b\[[0-9;]*m/g, '');
const section = log.split('Unexpected failures')[1] ?? '';
const names = [...section.matchAll(/^\s+✗ (\S+)/gm)].map((match) => match[1]);
for (const name of names) {
  // a scenario's results are in <results>/<name>-<timestamp>/ ("auth/x" in <results>/auth/x-<timestamp>/)
  const parent = join(resultsDir, dirname(name));
  const prefix = `${basename(name)}-`;
  const dirs = existsSync(parent) ? readdirSync(parent).filter((entry) => entry.startsWith(prefix) && /\d{4}-\d\d-\d\dT/.test(entry.slice(prefix.length))) : [];
  console.log(`---- ${name}`);
  for (const dir of dirs) {
    const checksPath = join(parent, dir, 'checks.json');
    if (existsSync(checksPath)) {
      for (const check of JSON.parse(readFileSync(checksPath, 'utf8'))) {
        if (check.status !== 'FAILURE' && check.status !== 'WARNING') continue;
        console.log(`  ${check.status} ${check.id}: ${check.errorMessage ?? check.description}`);
        if (check.details !== undefined) console.log(`    details: ${JSON.stringify(check.details).slice(0, 600)}`);
      }
    }
    const stderrPath = join(parent, dir, 'stderr.txt');
    if (existsSync(stderrPath)) {
      const lines = readFileSync(stderrPath, 'utf8').trimEnd().split('\n').slice(-15);
      if (lines.join('') !== '') console.log(`  client stderr (last ${lines.length} lines):\n${lines.map((line) => `    ${line}`).join('\n')}`);
    }
  }
}
