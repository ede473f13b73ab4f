import { BackendProcess } from './backendProcess';
import { ProcessInfo } from './processTree';

/**
 * Polls the backend's child processes (every 20 ms, from /proc) until one
 * matches, e.g. a `helm upgrade`; fails after `timeoutMs`, or when
 * `giveUp()` says the moment has passed.
 */
export async function waitForChild(
  backend: BackendProcess,
  matches: (p: ProcessInfo) => boolean,
  options: { timeoutMs: number; what: string; giveUp?: () => boolean },
): Promise<ProcessInfo[]> {
  const deadline = Date.now() + options.timeoutMs;
  for (;;) {
    const found = backend.children().filter(matches);
    if (found.length > 0) return found;
    if (options.giveUp?.()) {
      throw new Error(`The moment passed without ${options.what}`);
    }
    if (Date.now() > deadline) {
      throw new Error(
        `Timed out after ${options.timeoutMs} ms waiting for ${options.what}`,
      );
    }
    await new Promise(r => setTimeout(r, 20));
  }
}

/** A helm child process running `command` (e.g. `upgrade`, `uninstall`). */
export const helmRunning = (command: string) => (p: ProcessInfo) =>
  p.comm === 'helm' && p.cmdline.split(' ').includes(command);
