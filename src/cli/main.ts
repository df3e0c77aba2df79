import { Command, CommanderError, Option } from 'commander';
import { registerApiKeys } from './commands/api-keys.js';
import { registerAttribution } from './commands/attribution.js';
import { registerClv } from './commands/clv.js';
import { registerCustomer } from './commands/customer.js';
import { registerDemo } from './commands/demo.js';
import { registerFeatures } from './commands/features.js';
import { registerForecast } from './commands/forecast.js';
import { registerGraph } from './commands/graph.js';
import { registerIdentity } from './commands/identity.js';
import { registerModels } from './commands/model.js';
import { registerImport } from './commands/import.js';
import { registerQuarantine } from './commands/quarantine.js';
import { registerSegment } from './commands/segment.js';
import { registerSessions } from './commands/sessions.js';
import { registerKpis } from './commands/kpis.js';
import { registerPaths } from './commands/paths.js';
import { registerClicks } from './commands/clicks.js';
import { registerCarts } from './commands/carts.js';
import { registerFunnel } from './commands/funnel.js';
import { registerRetention } from './commands/retention.js';
import { registerRecommend } from './commands/recommend.js';
import { registerSql } from './commands/sql.js';
import { registerGenerate } from './commands/generate.js';
import { registerServe } from './commands/serve.js';
import { registerSources } from './commands/sources.js';
import { registerText } from './commands/text.js';
import { exitCodeFor, UsageError } from './errors.js';

/** Builds the `cairn` command with every sub-command registered. */
export function buildProgram(): Command {
  const program = new Command('cairn')
    .description('Cairn: customer-behaviour analytics on your own machine (DuckDB store by default)')
    .addOption(new Option('--db <path>', 'store file (default ./cairn.duckdb, or $CAIRN_DB)'))
    .option('--json', 'print one JSON document on stdout; progress and logs go to stderr')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride();
  program.configureOutput({ writeErr: (s) => process.stderr.write(s) });
  registerDemo(program);
  registerClv(program);
  registerCustomer(program);
  registerForecast(program);
  registerIdentity(program);
  registerImport(program);
  registerFunnel(program);
  registerRetention(program);
  registerSql(program);
  registerGenerate(program);
  registerQuarantine(program);
  registerSegment(program);
  registerSessions(program);
  registerKpis(program);
  registerPaths(program);
  registerClicks(program);
  registerCarts(program);
  registerFeatures(program);
  registerServe(program);
  registerSources(program);
  registerApiKeys(program);
  registerAttribution(program);
  registerGraph(program);
  registerModels(program);
  registerText(program);
  registerRecommend(program);
  return program;
}

/** Runs the CLI and returns the exit code: 0 success, 1 failure of the work, 2 bad usage. */
export async function run(argv: readonly string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync([...argv]);
    return 0;
  } catch (err) {
    if (err instanceof CommanderError) {
      if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version' || err.code === 'commander.help') return 0;
      return 2;
    }
    const code = exitCodeFor(err);
    const json = argv.includes('--json');
    const message = err instanceof Error ? err.message : String(err);
    if (json) process.stdout.write(`${JSON.stringify({ error: { code: code === 2 ? 'usage' : 'failed', message } })}\n`);
    process.stderr.write(`cairn: ${message}\n`);
    if (process.env['CAIRN_DEBUG'] && err instanceof Error) process.stderr.write(`${err.stack}\n`);
    return code;
  }
}

export { UsageError };
