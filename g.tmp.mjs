import { build } from 'esbuild';
import { gzipSync } from 'node:zlib';
const r = await build({ entryPoints: [process.argv[2] ?? 'spec/browser/pages/lean-client.ts'], bundle: true, minify: true, splitting: true, format: 'esm', platform: 'browser', outdir: '/out', entryNames: 'app', write: false, metafile: true, logLevel: 'silent' });
const files = new Map(r.outputFiles.map(f => ['./' + f.path.split('/').pop(), f.text]));
const seen = new Set(); const walk = (p) => { if (seen.has(p)) return; seen.add(p); for (const m of files.get(p).matchAll(/(?:import|from) ?"(\.\/[^"]+)"/g)) walk(m[1]); };
walk('./app.js');
let t = 0; for (const p of seen) { const g = gzipSync(files.get(p), { level: 9 }).length; t += g; console.log(p, files.get(p).length, g); }
console.log('static-loaded gzip', t, ' single-file:');
const s = await build({ entryPoints: [process.argv[2] ?? 'spec/browser/pages/lean-client.ts'], bundle: true, minify: true, format: 'esm', platform: 'browser', write: false, logLevel: 'silent' });
console.log(s.outputFiles[0].text.length, gzipSync(s.outputFiles[0].text, { level: 9 }).length);
