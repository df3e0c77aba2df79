import { execFileSync } from 'node:child_process';

/**
 * A Python interpreter that can import `modules`, for running a peer library beside Cairn in a
 * benchmark (never in Cairn itself). Debian's own python3 first (`apt-get install -y
 * python3-sklearn python3-statsmodels python3-pandas` installs the peers there; a pyenv or venv
 * python3 earlier in PATH usually lacks them), then whatever `python3` is on PATH. Null when none
 * has them: the case then reports the peer as absent.
 */
export function findPython(modules: readonly string[]): string | null {
  for (const candidate of ['/usr/bin/python3', 'python3']) {
    try {
      execFileSync(candidate, ['-c', modules.map((m) => `import ${m}`).join('; ')], { stdio: 'ignore' });
      return candidate;
    } catch {
      // not this one
    }
  }
  return null;
}

/** Runs a Python script with `args` and parses the one JSON document it prints. */
export function runPython<T>(python: string, script: string, args: readonly string[] = []): T {
  const out = execFileSync(python, ['-c', script, ...args], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, stdio: ['ignore', 'pipe', 'inherit'] });
  return JSON.parse(out) as T;
}
