import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
// esbuild is a devDependency: only the build imports this file, never the server.
import { build } from 'esbuild';
import { DEFAULT_SDK_DIR, PACKAGE_ROOT as ROOT } from './sdk-dir.js';

/**
 * Bundles the browser SDK (src/sdk/cairn.ts → cairn.js, one minified IIFE) and the demo shop
 * (src/sdk/demo-shop/shop.ts → demo-shop.js). Targets ES2020 (browsers from 2020 on), which all have
 * fetch keepalive, sendBeacon and MutationObserver.
 */
export async function buildSdk(outDir: string = DEFAULT_SDK_DIR): Promise<{ files: string[] }> {
  const result = await build({
    entryPoints: {
      cairn: join(ROOT, 'src', 'sdk', 'cairn.ts'),
      'demo-shop': join(ROOT, 'src', 'sdk', 'demo-shop', 'shop.ts'),
    },
    outdir: outDir,
    bundle: true,
    minify: true,
    format: 'iife',
    platform: 'browser',
    target: 'es2020',
    tsconfig: join(ROOT, 'src', 'sdk', 'tsconfig.json'),
    legalComments: 'none',
    charset: 'utf8',
    metafile: true,
    logLevel: 'warning',
  });
  return { files: Object.keys(result.metafile.outputs) };
}

// `node dist/server/static/build-sdk.js`: the SDK step of `npm run build` and `prepare`.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { files } = await buildSdk();
  process.stderr.write(`sdk: built ${files.join(', ')}\n`);
}
