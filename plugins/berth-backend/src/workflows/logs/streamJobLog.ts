import { InputError, stringifyError } from '@backstage/errors';
import { Request, Response } from 'express';
import { JobLogNotifier } from './JobLogNotifier';
import { JobLogs } from './JobLogs';

export interface StreamJobLogOptions {
  logs: Pick<JobLogs, 'read'>;
  jobRunId: string;
  /** True once the job run has finished (its writer closed): the stream sends what is left, then `end`. */
  isFinished: () => Promise<boolean>;
  /** Wakes the stream when a writer of this process flushes; without it (or for other replicas' writers) it polls. */
  notifier?: JobLogNotifier;
  /** How often to look for new chunks when not woken. Default 1000. */
  pollIntervalMs?: number;
  /** A comment line this often keeps proxies from closing an idle stream. Default 15000. */
  heartbeatMs?: number;
}

const PAGE = 500;

/**
 * Streams a job run's log as server-sent events: the stored chunks after the
 * `Last-Event-ID` header (an EventSource reconnecting) or the `after` query
 * parameter, each as `event: chunk` with `id: <sequence>` and the chunk as
 * JSON data; then new chunks as they are stored, until the job run has
 * finished: then `event: end`, and the response ends. A client that goes
 * away stops it (timers cleared, notifier left). A bad resume point is an
 * InputError, thrown before anything is sent.
 */
export async function streamJobLog(
  req: Request,
  res: Response,
  options: StreamJobLogOptions,
): Promise<void> {
  const { logs, jobRunId, isFinished, notifier } = options;
  const pollIntervalMs = options.pollIntervalMs ?? 1000;
  const heartbeatMs = options.heartbeatMs ?? 15_000;
  let cursor = resumePoint(req);

  res.status(200);
  res.setHeader('Content-Type', 'text/event-stream; charset=utf-8');
  res.setHeader('Cache-Control', 'no-cache, no-transform');
  res.setHeader('Connection', 'keep-alive');
  res.setHeader('X-Accel-Buffering', 'no');
  res.flushHeaders();

  const gone = new AbortController();
  const onClose = () => gone.abort();
  res.on('close', onClose);
  let notified = false;
  let wake: (() => void) | undefined;
  const unsubscribe = notifier?.subscribe(jobRunId, () => {
    notified = true;
    wake?.();
  });

  const send = async (text: string) => {
    if (gone.signal.aborted) return;
    const flushed = res.write(text);
    (res as Response & { flush?: () => void }).flush?.();
    if (!flushed) await untilDrainedOrGone(res, gone.signal);
  };
  /** Resolves at the next flush notice, poll time or disconnect. */
  const nextWake = () =>
    new Promise<void>(resolve => {
      if (gone.signal.aborted) {
        resolve();
        return;
      }
      const poll: { timer?: NodeJS.Timeout } = {};
      const done = () => {
        clearTimeout(poll.timer);
        gone.signal.removeEventListener('abort', done);
        wake = undefined;
        resolve();
      };
      poll.timer = setTimeout(done, pollIntervalMs);
      wake = done;
      gone.signal.addEventListener('abort', done);
    });
  const heartbeat = setInterval(() => {
    send(': keep-alive\n\n').catch(() => undefined);
  }, heartbeatMs);

  try {
    await send('retry: 2000\n\n');
    while (!gone.signal.aborted) {
      notified = false;
      // Asked before reading: a job that finished has flushed its last chunk.
      const finished = await isFinished();
      for (;;) {
        const chunks = await logs.read(jobRunId, {
          afterSequence: cursor,
          limit: PAGE,
        });
        for (const chunk of chunks) {
          await send(
            `id: ${chunk.sequence}\nevent: chunk\ndata: ${JSON.stringify(
              chunk,
            )}\n\n`,
          );
          cursor = chunk.sequence;
        }
        if (chunks.length < PAGE || gone.signal.aborted) break;
      }
      if (finished) {
        await send('event: end\ndata: {}\n\n');
        break;
      }
      if (!notified) await nextWake();
    }
  } catch (error) {
    await send(
      `event: error\ndata: ${JSON.stringify({
        message: stringifyError(error),
      })}\n\n`,
    ).catch(() => undefined);
  } finally {
    clearInterval(heartbeat);
    unsubscribe?.();
    res.off('close', onClose);
    res.end();
  }
}

/** The sequence to resume after: `Last-Event-ID`, else `?after=`, else 0. */
function resumePoint(req: Request): number {
  const header = req.header('last-event-id');
  const query = req.query.after;
  const [name, value] =
    header !== undefined && header !== ''
      ? ['Last-Event-ID', header]
      : ['after', query === undefined ? '0' : query];
  if (typeof value !== 'string' || !/^\d{1,15}$/.test(value.trim())) {
    throw new InputError(
      `${name} must be a log chunk's sequence number (a whole number from 0), got ${JSON.stringify(
        value,
      )}`,
    );
  }
  return Number(value.trim());
}

function untilDrainedOrGone(res: Response, signal: AbortSignal): Promise<void> {
  return new Promise(resolve => {
    const done = () => {
      res.off('drain', done);
      signal.removeEventListener('abort', done);
      resolve();
    };
    res.on('drain', done);
    signal.addEventListener('abort', done);
  });
}
