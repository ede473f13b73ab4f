// Small host helpers of the real node: commands that may fail, sysctls, paths.
import fs from 'node:fs';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const execFileP = promisify(execFile);

/** Runs a command; resolves {ok, stdout, stderr} and never throws (sweeps run every step). */
export async function tryRun(command, args, options = {}) {
  try {
    const { stdout, stderr } = await execFileP(command, args, {
      maxBuffer: 64 * 1024 * 1024,
      ...options,
    });
    return { ok: true, stdout, stderr };
  } catch (e) {
    return { ok: false, stdout: e.stdout ?? '', stderr: e.stderr ?? e.message };
  }
}

/** Runs a command and throws with its output when it fails. */
export async function mustRun(command, args, options = {}) {
  const r = await tryRun(command, args, options);
  if (!r.ok) {
    throw new Error(`${command} ${args.join(' ')} failed: ${r.stderr.trim()}`);
  }
  return r;
}

const sysctlPath = key => `/proc/sys/${key.replace(/\./g, '/')}`;

/** Current values of `keys`; keys the kernel does not have are left out. */
export function readSysctls(keys) {
  const values = {};
  for (const key of keys) {
    try {
      values[key] = fs.readFileSync(sysctlPath(key), 'utf8').trim();
    } catch {
      // not present on this kernel (e.g. br_netfilter not loaded)
    }
  }
  return values;
}

/** Writes back every recorded value that differs now; returns the keys restored. */
export function restoreSysctls(values = {}) {
  const restored = [];
  for (const [key, value] of Object.entries(values)) {
    try {
      if (fs.readFileSync(sysctlPath(key), 'utf8').trim() !== value) {
        fs.writeFileSync(sysctlPath(key), value);
        restored.push(key);
      }
    } catch {
      // gone or not writable: nothing to restore
    }
  }
  return restored;
}

export function existing(paths) {
  return paths.filter(p => fs.existsSync(p));
}
