/**
 * The API reference: Markdown pages generated from the doc comments of the public entries
 * (`rxmcp`, `rxmcp/node`, `rxmcp/redis`; not `rxmcp/internal`), by API Extractor (the doc model
 * of each entry) and API Documenter (its pages), into `docs/api/` (ignored by git).
 *
 * The declarations are emitted with their comments (tsconfig.build.json) into `.docs/dts/`, then
 * API Extractor reads each entry's `.d.ts`. It fails the command when an export, or a member of
 * one, has no doc comment (`ae-undocumented`), a `{@link}` does not resolve, or a comment is not
 * valid TSDoc, each reported at its source line, so CI (`.ci/run`) keeps the reference complete. API Extractor runs on its own TypeScript (6.x), which reads the
 * declarations TypeScript 7 emits.
 *
 *   npm run docs        writes docs/api/index.md and one folder per entry
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Extractor, ExtractorConfig, ExtractorLogLevel, type ExtractorMessage } from '@microsoft/api-extractor';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const WORK = join(ROOT, '.docs');
const DTS = join(WORK, 'dts');
const OUT = join(ROOT, 'docs', 'api');

/** The entries documented: the emitted declaration file, the folder of its pages, its import specifier. */
const ENTRIES = [
  { declarations: 'index.d.ts', folder: 'rxmcp', specifier: 'rxmcp', about: 'the client, sessions, transports, operators, cache, schemas and errors (browser-safe)' },
  { declarations: 'node.d.ts', folder: 'rxmcp-node', specifier: 'rxmcp/node', about: 'the stdio transport (Node only)' },
  { declarations: 'redis.d.ts', folder: 'rxmcp-redis', specifier: 'rxmcp/redis', about: 'the response cache store shared across processes on Redis (Node only)' },
  { declarations: 'apps.d.ts', folder: 'rxmcp-apps', specifier: 'rxmcp/apps', about: 'the host side of MCP Apps: the extension ad, tool visibility, the app-call guard, an app in a sandboxed iframe (browser; optional peer @modelcontextprotocol/ext-apps)' },
  { declarations: 'angular.d.ts', folder: 'rxmcp-angular', specifier: 'rxmcp/angular', about: 'Angular providers, services, signals and tool resources (Angular an optional peer)' },
] as const;

/** Runs API Extractor on one entry; returns the undocumented names (as `file:line: text`) and whether it succeeded. */
function extract(entry: (typeof ENTRIES)[number], model: string): { undocumented: string[]; succeeded: boolean; errors: string[] } {
  const undocumented: string[] = [];
  const errors: string[] = [];
  const config = ExtractorConfig.prepare({
    configObject: {
      projectFolder: ROOT,
      mainEntryPointFilePath: join(DTS, entry.declarations),
      compiler: {
        overrideTsconfig: {
          compilerOptions: { target: 'es2022', module: 'nodenext', moduleResolution: 'nodenext', lib: ['es2022', 'esnext.disposable', 'dom'], types: ['node'], strict: true, skipLibCheck: true },
          include: [join(DTS, '**', '*.d.ts')],
        },
      },
      // the report is only needed for `ae-undocumented` (API Extractor reports it only with one)
      apiReport: { enabled: true, reportFolder: join(WORK, 'report'), reportTempFolder: join(WORK, 'report-temp'), reportFileName: `${entry.folder}.api.md` },
      docModel: { enabled: true, apiJsonFilePath: join(model, `${entry.folder}.api.json`) },
      dtsRollup: { enabled: false },
      tsdocMetadata: { enabled: false },
      messages: {
        compilerMessageReporting: { default: { logLevel: ExtractorLogLevel.Error } },
        // no release tags (the entries are the release boundary); names used but not exported by an
        // entry are the API report's business (scripts/api-report.ts), and they may be another entry's
        extractorMessageReporting: { default: { logLevel: ExtractorLogLevel.None }, 'ae-undocumented': { logLevel: ExtractorLogLevel.Error, addToApiReportFile: false }, 'ae-unresolved-link': { logLevel: ExtractorLogLevel.Error, addToApiReportFile: false } },
        tsdocMessageReporting: { default: { logLevel: ExtractorLogLevel.Error } },
      },
    },
    configObjectFullPath: join(WORK, 'api-extractor.json'),
    packageJsonFullPath: join(ROOT, 'package.json'),
  });
  const result = Extractor.invoke(config, {
    localBuild: true,
    messageCallback: (message: ExtractorMessage) => {
      message.handled = true;
      const where = message.sourceFilePath === undefined ? '' : `${relative(ROOT, message.sourceFilePath)}:${message.sourceFileLine ?? 0}: `;
      if (message.messageId === 'ae-undocumented') undocumented.push(`${where}${message.text}`);
      else if (message.logLevel === ExtractorLogLevel.Error) errors.push(`${where}${message.text}`);
    },
  });
  return { undocumented, errors, succeeded: result.errorCount === 0 };
}

rmSync(WORK, { recursive: true, force: true });
mkdirSync(join(WORK, 'report'), { recursive: true });
rmSync(OUT, { recursive: true, force: true });
// declarations with their comments, and maps so messages name the source lines
execFileSync(join(ROOT, 'node_modules', '.bin', 'tsc'), ['-p', join(ROOT, 'tsconfig.build.json'), '--outDir', DTS, '--emitDeclarationOnly', '--declarationMap', '--sourceMap', 'false'], { stdio: 'inherit' });

let failed = false;
for (const entry of ENTRIES) {
  const model = join(WORK, 'model', entry.folder);
  mkdirSync(model, { recursive: true });
  const { undocumented, errors, succeeded } = extract(entry, model);
  for (const line of [...errors, ...undocumented]) process.stderr.write(`${entry.specifier}: ${line}\n`);
  if (!succeeded || undocumented.length > 0) failed = true;
  execFileSync(join(ROOT, 'node_modules', '.bin', 'api-documenter'), ['markdown', '--input-folder', model, '--output-folder', join(OUT, entry.folder)], { stdio: 'ignore' });
}
writeFileSync(
  join(OUT, 'index.md'),
  [
    '# rxmcp API reference',
    '',
    'Generated by `npm run docs` from the doc comments; one section per package entry (each titled `rxmcp`, the package: import from the entry named here).',
    '',
    ...ENTRIES.map((entry) => `- [\`${entry.specifier}\`](./${entry.folder}/index.md): ${entry.about}`),
    '',
  ].join('\n'),
);
if (failed) {
  process.stderr.write('docs: every export and every member of one needs a doc comment (see above)\n');
  process.exit(1);
}
process.stdout.write(`docs: ${relative(ROOT, join(OUT, 'index.md'))}\n`);
