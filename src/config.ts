import { z } from 'zod';

/**
 * Settings, parsed once from defaults and the environment into a frozen object. Command-line
 * flags (`--db`) override what is read here.
 */
const EnvSchema = z.object({
  CAIRN_DB: z.string().min(1).optional(),
  CAIRN_SECRET: z.string().optional(),
  CAIRN_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).optional(),
  CAIRN_MEMORY_LIMIT: z.string().regex(/^\d+(\.\d+)?\s*(KB|MB|GB|KiB|MiB|GiB)$/i, 'a size such as 1GB').optional(),
});

export interface Config {
  /** Store file; `./cairn.duckdb` unless CAIRN_DB or --db says otherwise. */
  db: string;
  secret: string | undefined;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  memoryLimit: string;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Readonly<Config> {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`environment variable ${String(issue?.path[0])} is not valid: ${issue?.message}`);
  }
  const e = parsed.data;
  return Object.freeze({
    db: e.CAIRN_DB ?? './cairn.duckdb',
    secret: e.CAIRN_SECRET,
    logLevel: e.CAIRN_LOG_LEVEL ?? 'warn',
    // DuckDB's process runs ~0.4-0.6 GB over its buffer limit. Measured on a 1M-event Segment
    // import: 600MB → 1.2 GB peak RSS, 400MB → 0.75 GB, both 25.7 s; the rest spills to disk.
    memoryLimit: e.CAIRN_MEMORY_LIMIT ?? '400MB',
  });
}
