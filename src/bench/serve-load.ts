import autocannon from 'autocannon';

/**
 * `node dist/bench/serve-load.js URL AUTH SECONDS CONNECTIONS RATE BODYFILE`: autocannon in a
 * process of its own (so the load generator does not share the server's event loop), posting
 * the body in BODYFILE with every `[<id>]` replaced by a fresh id (unique messageIds). RATE 0 is
 * as fast as the server answers. Prints one JSON line: requests/s of 2xx answers, latency
 * percentiles (ms), and counts of non-2xx answers and errors.
 */
const [url, auth, seconds, connections, rate, bodyFile] = process.argv.slice(2);
if (!url || !auth || !seconds || !connections || rate === undefined || !bodyFile) {
  process.stderr.write('usage: serve-load URL AUTH SECONDS CONNECTIONS RATE BODYFILE\n');
  process.exit(2);
}
const { readFileSync } = await import('node:fs');
const body = readFileSync(bodyFile, 'utf8');
const result = await autocannon({
  url,
  method: 'POST',
  connections: Number(connections),
  duration: Number(seconds),
  headers: { 'content-type': 'application/json', ...(auth === '-' ? {} : { authorization: auth }) },
  body,
  idReplacement: true,
  ...(Number(rate) > 0 ? { overallRate: Number(rate) } : {}),
  timeout: 30,
});
process.stdout.write(
  `${JSON.stringify({
    ok: result['2xx'],
    okPerSecond: result['2xx'] / result.duration,
    non2xx: result.non2xx,
    statusCodes: Object.fromEntries(Object.entries(result.statusCodeStats).map(([k, v]) => [k, v.count])),
    errors: result.errors,
    timeouts: result.timeouts,
    latency: { p50: result.latency.p50, p90: result.latency.p90, p99: result.latency.p99, max: result.latency.max },
    seconds: result.duration,
  })}\n`,
);
