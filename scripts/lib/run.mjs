import { spawn } from 'node:child_process';

/**
 * Runs a command with inherited output; resolves with its exit code.
 * Ctrl-C reaches the child (same process group) and the caller cleans up.
 */
export function run(command, args, options = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: 'inherit', ...options });
    child.on('error', reject);
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}
