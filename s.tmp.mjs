import { build } from 'esbuild';
const r = await build({ entryPoints: ['spec/browser/pages/lean-client.ts'], bundle: true, minify: true, splitting: true, format: 'esm', platform: 'browser', outdir: '/out', entryNames: 'app', write: false, metafile: true, logLevel: 'silent' });
for (const f of r.outputFiles) console.log(f.path, (f.text.match(/import ?[^;(]*?"\.\/[^"]+"/g)??[]).map(s=>s.length>80?s.slice(0,20)+'…'+s.slice(-40):s));
