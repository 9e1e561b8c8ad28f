import { buildAssets } from '../src/platform/http/build-assets.ts';

export default async function setup() {
  await buildAssets();
}
