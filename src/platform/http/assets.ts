import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const rootDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
export const publicDir = path.join(rootDir, 'public');
export const assetsDir = path.join(publicDir, 'assets');

export interface AssetManifest {
  css: string;
  scripts: Record<string, string>;
}

let manifest: AssetManifest | undefined;

/** Fingerprinted asset URLs, from the manifest that `npm run build` writes. */
export function getAssets(): AssetManifest {
  if (!manifest) {
    const file = path.join(assetsDir, 'manifest.json');
    manifest = fs.existsSync(file)
      ? (JSON.parse(fs.readFileSync(file, 'utf8')) as AssetManifest)
      : { css: '', scripts: {} };
  }
  return manifest;
}

export function resetAssetCache(): void {
  manifest = undefined;
}
