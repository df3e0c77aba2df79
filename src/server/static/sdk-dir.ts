import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The package root, from src/server/static/ (tests) and dist/server/static/ (the build) alike. */
export const PACKAGE_ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/** Where `npm run build` puts cairn.js and the demo shop's script. */
export const DEFAULT_SDK_DIR = join(PACKAGE_ROOT, 'dist', 'sdk');
