import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** Writes values as JSON (mode 0600) into the call's private directory. */
export async function writeValuesFile(
  dir: string,
  name: string,
  values: Record<string, unknown>,
): Promise<string> {
  const file = join(dir, name);
  await writeFile(file, JSON.stringify(values), { mode: 0o600 });
  return file;
}
