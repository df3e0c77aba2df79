import type { Command } from 'commander';
import { withStore } from '../context.js';
import { formatTable, printResult, type GlobalOptions } from '../output.js';

export function registerSql(program: Command): void {
  program
    .command('sql')
    .description('run one read-only SQL query on the store (DuckDB dialect) and print the rows')
    .argument('<query>', 'a SELECT (or WITH, DESCRIBE, SHOW, EXPLAIN, SUMMARIZE) statement')
    .addHelpText('after', `
Examples:
  cairn sql "SELECT count(*) FROM orders"
  cairn sql "SELECT kind, count(*) AS n FROM orders GROUP BY ALL" --json
  cairn sql "SHOW TABLES"`)
    .action(async (query: string, _opts: unknown, cmd: Command) => {
      const options = cmd.optsWithGlobals<GlobalOptions>();
      const result = await withStore(options, (store) => store.readOnlyQuery(query));
      printResult(options, { columns: result.columns, rows: result.rows }, () => formatTable(result.columns, result.rows));
    });
}
