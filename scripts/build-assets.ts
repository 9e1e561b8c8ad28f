import { buildAssets } from '../src/platform/http/build-assets.ts';

const manifest = await buildAssets();
console.log(`Built assets: ${manifest.css} ${Object.values(manifest.scripts).join(' ')}`);
