import { chmod, writeFile } from 'node:fs/promises';
import { createServer, Socket } from 'node:net';
import { join } from 'node:path';
import { KubeObject } from './injectLabels';
import { parseRendered, renderWithLabels } from './renderWithLabels';

// The post-renderer Helm runs: it sends Helm's rendered manifests to the
// socket of the process that runs Helm, which labels them, and prints what
// comes back. First byte of the answer: '0' for success, '1' for an error.
const CLIENT = `'use strict';
const net = require('node:net');
const chunks = [];
const socket = net.connect(process.argv[2]);
socket.on('data', chunk => chunks.push(chunk));
socket.on('end', () => {
  const answer = Buffer.concat(chunks);
  if (answer[0] === 48) {
    process.stdout.write(answer.subarray(1), () => process.exit(0));
  } else {
    process.stderr.write(answer.length ? answer.subarray(1) : 'no answer', () => process.exit(1));
  }
});
socket.on('error', error => {
  process.stderr.write('berth post-renderer: ' + error.message + '\\n', () => process.exit(1));
});
process.stdin.pipe(socket);
`;

/** A post-renderer for one Helm call. */
export interface LabelPostRenderer {
  /** The executable to pass to `helm --post-renderer`. */
  executable: string;
  /** The error of the check that refused the rendered objects, if it did. */
  refusal(): Error | undefined;
  close(): Promise<void>;
}

/** Options of {@link startLabelPostRenderer}. */
export interface PostRendererOptions {
  /**
   * Checks the rendered objects before anything is applied; when it throws,
   * Helm fails with its message and applies nothing, and
   * {@link LabelPostRenderer.refusal} returns the error. Helm 3 passes the
   * release's manifest only: hooks and `crds/` never reach it.
   */
  check?: (objects: KubeObject[]) => Promise<void>;
  /** Told when helm's post-renderer connected and when it was answered (a deploy profile). */
  observe?: (start: number, end: number) => void;
}

function quote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

/**
 * Writes a Helm post-renderer into `dir` (a private temporary directory)
 * that adds `labels` to every rendered object (see `injectLabels`). The
 * labelling runs in this process, behind a Unix socket in `dir`, so the
 * post-renderer needs nothing but the `node` binary that runs Berth.
 */
export async function startLabelPostRenderer(
  dir: string,
  labels: Record<string, string>,
  options: PostRendererOptions = {},
): Promise<LabelPostRenderer> {
  const socketPath = join(dir, 'post-renderer.sock');
  const client = join(dir, 'post-renderer.cjs');
  const executable = join(dir, 'post-renderer');
  await writeFile(client, CLIENT, { mode: 0o600 });
  await writeFile(
    executable,
    `#!/bin/sh\nexec ${quote(process.execPath)} ${quote(client)} ${quote(
      socketPath,
    )}\n`,
    { mode: 0o700 },
  );
  await chmod(executable, 0o700);

  let refusal: Error | undefined;
  const answerFor = async (rendered: string): Promise<string> => {
    try {
      if (options.check) {
        const objects = parseRendered(rendered);
        try {
          await options.check(objects);
        } catch (error) {
          refusal = error as Error;
          throw error;
        }
      }
      return `0${renderWithLabels(rendered, labels)}`;
    } catch (error) {
      return `1${(error as Error).message}`;
    }
  };
  const server = createServer({ allowHalfOpen: true }, (socket: Socket) => {
    const start = performance.now();
    if (options.observe) {
      socket.on('close', () => options.observe!(start, performance.now()));
    }
    const chunks: Buffer[] = [];
    socket.on('data', chunk => chunks.push(Buffer.from(chunk)));
    socket.on('error', () => socket.destroy());
    socket.on('end', () => {
      const rendered = Buffer.concat(chunks).toString('utf8');
      answerFor(rendered).then(answer => socket.end(answer));
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(socketPath, () => resolve());
  });
  return {
    executable,
    refusal: () => refusal,
    close: () =>
      new Promise<void>(resolve => {
        server.close(() => resolve());
      }),
  };
}
