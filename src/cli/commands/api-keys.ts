import { Option, type Command } from 'commander';
import { ApiKeyError, createApiKey, listApiKeys, revokeApiKey, ROLES, type Role } from '../../server/api/index.js';
import { withStore } from '../context.js';
import { UsageError } from '../errors.js';
import { formatTable, printResult, type GlobalOptions } from '../output.js';

/** An ApiKeyError is a problem with the name or role the person gave: bad usage (exit 2). */
function usage(err: unknown): never {
  if (err instanceof ApiKeyError) throw new UsageError(err.message);
  throw err;
}

/** `cairn api-keys add|list|revoke`: keys of the REST API (`/api`) and their roles. */
export function registerApiKeys(program: Command): void {
  const keys = program
    .command('api-keys')
    .description('keys of the REST API under /api: admin (personal data, audited), analyst (no personal data), viewer (dashboards only)');

  keys
    .command('add')
    .description('make a key and print it (shown this once; the store keeps only its hash)')
    .argument('<name>', 'a name for who uses the key, e.g. crm-sync (the audit log records it)')
    .addOption(new Option('--role <role>', 'what the key may do').choices(ROLES).makeOptionMandatory())
    .addHelpText(
      'after',
      `
Roles:
  admin    everything, including personal data when asked for (vault fields, raw quarantine
           records, search by e-mail or phone); every such read goes to the audit log
  analyst  customers, events, imports and the quarantine, never personal data
  viewer   dashboards only: aggregate routes such as GET /api/summary

While \`cairn serve\` holds the store, make and revoke keys through the API instead
(POST /api/keys, DELETE /api/keys/NAME with an admin key).`,
    )
    .action(async (name: string, opts: { role: Role }, cmd: Command) => {
      const options = cmd.optsWithGlobals<GlobalOptions>();
      const made = await withStore(options, (store) => createApiKey(store, name, opts.role).catch(usage));
      printResult(options, made, () =>
        [
          `API key ${made.name} (${made.role}) made. The key (shown only now; keep it):`,
          '',
          `  ${made.key}`,
          '',
          'Send it as a bearer token, e.g.',
          `  curl -H 'Authorization: Bearer ${made.key}' http://127.0.0.1:3000/api/summary`,
        ].join('\n'),
      );
    });

  keys
    .command('list')
    .description('list the keys: names, roles, when made and revoked (never the keys)')
    .action(async (_opts: unknown, cmd: Command) => {
      const options = cmd.optsWithGlobals<GlobalOptions>();
      const rows = await withStore(options, (store) => listApiKeys(store));
      printResult(options, { keys: rows }, () =>
        rows.length === 0 ? 'No API keys yet: `cairn api-keys add NAME --role analyst` makes one.' : formatTable(['name', 'role', 'createdAt', 'revokedAt'], rows),
      );
    });

  keys
    .command('revoke')
    .description('revoke a key: the API refuses it from then on (its name stays taken, for the audit log)')
    .argument('<name>', 'the key')
    .action(async (name: string, _opts: unknown, cmd: Command) => {
      const options = cmd.optsWithGlobals<GlobalOptions>();
      const revoked = await withStore(options, (store) => revokeApiKey(store, name).catch(usage));
      printResult(options, revoked, () => `API key ${revoked.name} revoked.`);
    });
}
