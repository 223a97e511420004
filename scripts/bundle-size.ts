/**
 * Prints what the README's browser section quotes: the minimal client's size, everything's, the
 * minimal bundle's parts, what it loads when split at each `import()` (and resolved as Angular
 * does), and what each optional part adds (spec/helpers/bundle-size.ts measures).
 * Run: `npx tsx scripts/bundle-size.ts`.
 */
import { bundleSize, EVERYTHING, MINIMAL_ENTRY, minimalPlus, OPTIONAL_PARTS, splitBundleSize } from '../spec/helpers/bundle-size.js';

async function main(): Promise<void> {
  const minimal = await bundleSize({ entry: MINIMAL_ENTRY });
  const everything = await bundleSize(EVERYTHING);
  const kb = (bytes: number): string => (bytes / 1000).toFixed(1);
  console.log(`minimal client: ${kb(minimal.minifiedBytes)} KB minified, ${kb(minimal.gzipBytes)} KB gzip`);
  console.log(`everything (import * from 'rxmcp'): ${kb(everything.minifiedBytes)} KB minified, ${kb(everything.gzipBytes)} KB gzip`);
  const split = await splitBundleSize(MINIMAL_ENTRY);
  const angular = await bundleSize({ entry: MINIMAL_ENTRY }, 'es2015');
  const angularSplit = await splitBundleSize(MINIMAL_ENTRY, 'es2015');
  console.log(`minimal client, split at each import(): ${kb(split.loadedGzipBytes)} KB gzip loaded (${split.loaded.join(', ')})`);
  console.log(`the same, resolved as Angular's builder does (rxjs es2015): ${kb(angular.gzipBytes)} KB gzip in one file, ${kb(angularSplit.loadedGzipBytes)} KB loaded when split`);
  console.log('\n| chunk of the split build | gzip KB | loaded by the minimal flow |\n|---|---|---|');
  for (const [name, bytes] of Object.entries(split.files).sort((a, b) => b[1] - a[1])) console.log(`| ${name} | ${kb(bytes)} | ${split.loaded.includes(name) ? 'yes' : 'no'} |`);
  console.log('\n| part of the minimal bundle | minified KB |\n|---|---|');
  for (const [part, bytes] of Object.entries(minimal.parts).sort((a, b) => b[1] - a[1])) if (bytes > 500) console.log(`| ${part} | ${kb(bytes)} |`);
  console.log('\n| optional part | adds gzip KB |\n|---|---|');
  for (const [part, name] of Object.entries(OPTIONAL_PARTS)) {
    const withPart = await bundleSize(minimalPlus(name));
    console.log(`| ${part} | ${kb(withPart.gzipBytes - minimal.gzipBytes)} |`);
  }
}

await main();
