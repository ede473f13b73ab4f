import { spawn } from 'node:child_process';

/**
 * Runs a command with inherited output; resolves with its exit code.
 * Ctrl-C reaches the child (same process group) and the caller cleans up.
 * With `forwardSignals`, a SIGINT or SIGTERM sent to this process alone is
 * passed on to the child and this process waits for it (so the caller's
 * clean-up runs, and the child is not left behind).
 */
export function run(command, args, options = {}) {
  const { forwardSignals, ...spawnOptions } = options;
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: 'inherit', ...spawnOptions });
    const forward = signal => child.kill(signal);
    const signals = forwardSignals ? ['SIGINT', 'SIGTERM'] : [];
    signals.forEach(s => process.on(s, forward));
    const done = () => signals.forEach(s => process.off(s, forward));
    child.on('error', error => {
      done();
      reject(error);
    });
    child.on('exit', (code, signal) => {
      done();
      resolve(code ?? (signal ? 1 : 0));
    });
  });
}

/**
 * Runs a command with its output (stdout and stderr together) kept instead
 * of printed; resolves with its exit code and that output. For a step that
 * runs beside another one and prints when its turn comes.
 */
export function runCaptured(command, args, options = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      stdio: ['ignore', 'pipe', 'pipe'],
      ...options,
    });
    const chunks = [];
    child.stdout.on('data', chunk => chunks.push(chunk));
    child.stderr.on('data', chunk => chunks.push(chunk));
    child.on('error', reject);
    child.on('close', (code, signal) =>
      resolve({
        code: code ?? (signal ? 1 : 0),
        output: Buffer.concat(chunks).toString('utf8'),
      }),
    );
  });
}
