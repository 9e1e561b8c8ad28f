import fs from 'node:fs';
import path from 'node:path';
import { buildApp } from './app.ts';
import { ConfigError, loadConfig } from './config.ts';
import { connect } from './db/connection.ts';
import { isEmpty, seedDemo } from './db/demo.ts';
import { migrateToLatest } from './db/migrate.ts';
import { seedReferenceData } from './db/seed.ts';
import { seedManuals } from './features/content/manuals.ts';
import { setArgon2Memory } from './platform/auth/crypto.ts';
import { assetsDir } from './platform/http/assets.ts';
import { buildAssets } from './platform/http/build-assets.ts';

async function main() {
  const config = loadConfig();
  setArgon2Memory(config.argon2MemoryKiB);
  if (!fs.existsSync(path.join(assetsDir, 'manifest.json')) || config.env !== 'production')
    await buildAssets();
  const handle = connect(config.databaseUrl);
  await migrateToLatest(handle.db);
  await seedReferenceData(handle.db);
  if (config.seedDemo && (await isEmpty(handle.db))) await seedDemo(handle.db);

  const app = await buildApp({ config, handle });
  // After the app is built: a first start fills an empty search index from all the data, and the
  // manuals index themselves as they are copied.
  await seedManuals(handle.db);
  if (config.runJobs) app.deps.jobs.start();
  await app.listen({ host: config.host, port: config.port });

  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, 'shutting down');
    const force = setTimeout(() => process.exit(1), 10_000);
    force.unref();
    await app.close();
    await app.deps.jobs.stop();
    await handle.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
}

main().catch((err) => {
  if (err instanceof ConfigError) {
    console.error(`Configuration error: ${err.message}`);
  } else {
    console.error(err);
  }
  process.exit(1);
});
