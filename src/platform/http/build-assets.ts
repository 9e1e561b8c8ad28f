import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import * as esbuild from 'esbuild';
import { type AssetManifest, assetsDir, resetAssetCache, rootDir } from './assets.ts';

function fingerprint(name: string, ext: string, content: Uint8Array | string): string {
  const hash = createHash('sha256').update(content).digest('hex').slice(0, 10);
  return `${name}.${hash}${ext}`;
}

/**
 * Bundles the stylesheet and each client island (src/client/*.ts[x]) with esbuild into
 * public/assets under fingerprinted names, and writes manifest.json. Served for a year.
 */
export async function buildAssets(): Promise<AssetManifest> {
  fs.mkdirSync(assetsDir, { recursive: true });
  const manifest: AssetManifest = { css: '', scripts: {} };

  const css = await esbuild.build({
    entryPoints: [path.join(rootDir, 'src/views/styles.css')],
    bundle: true,
    minify: true,
    write: false,
  });
  const cssText = css.outputFiles[0]!.contents;
  const cssName = fingerprint('styles', '.css', cssText);
  fs.writeFileSync(path.join(assetsDir, cssName), cssText);
  manifest.css = `/assets/${cssName}`;

  const clientDir = path.join(rootDir, 'src/client');
  const entries = fs.existsSync(clientDir)
    ? fs.readdirSync(clientDir).filter((f) => /\.(ts|tsx)$/.test(f) && !f.includes('.test.'))
    : [];
  for (const entry of entries) {
    const name = entry.replace(/\.(ts|tsx)$/, '');
    const out = await esbuild.build({
      entryPoints: [path.join(clientDir, entry)],
      bundle: true,
      minify: true,
      format: 'esm',
      target: 'es2020',
      jsx: 'automatic',
      jsxImportSource: 'preact',
      write: false,
    });
    const js = out.outputFiles[0]!.contents;
    const jsName = fingerprint(name, '.js', js);
    fs.writeFileSync(path.join(assetsDir, jsName), js);
    manifest.scripts[name] = `/assets/${jsName}`;
  }
  fs.writeFileSync(path.join(assetsDir, 'manifest.json'), JSON.stringify(manifest, null, 2));
  // Earlier builds' fingerprinted files are no longer referenced by any page.
  const current = new Set([manifest.css, ...Object.values(manifest.scripts)].map((u) => path.basename(u)));
  for (const file of fs.readdirSync(assetsDir)) {
    if (file !== 'manifest.json' && !current.has(file))
      fs.rmSync(path.join(assetsDir, file), { force: true });
  }
  resetAssetCache();
  return manifest;
}
