import { WorkflowLogChunk } from '@berth/plugin-berth-common';
import { useCallback, useEffect, useRef, useState } from 'react';
import {
  BerthWorkflowsApi,
  useWorkflowsApi,
} from '../components/workflows/api';
import { SseParser } from '../components/workflows/common/sse';

/** How often the logs are read again when they cannot be streamed. */
export const JOB_LOG_POLL_MS = 2_000;

export interface WorkflowJobLogs {
  chunks: WorkflowLogChunk[];
  /** `stream` while the backend's SSE route delivers them, `poll` otherwise. */
  mode: 'stream' | 'poll';
  error?: Error;
}

interface StreamHandlers {
  chunk: (chunk: WorkflowLogChunk) => void;
  /** The stream ended with `event: end` (true) or broke off (false). */
  done: (ended: boolean) => void;
}

function appendNew(
  chunks: WorkflowLogChunk[],
  more: WorkflowLogChunk[],
): WorkflowLogChunk[] {
  const last = chunks.length ? chunks[chunks.length - 1].sequence : 0;
  const fresh = more.filter(c => c.sequence > last);
  return fresh.length ? [...chunks, ...fresh] : chunks;
}

function canFetchStream(api: BerthWorkflowsApi): boolean {
  return (
    typeof api.openWorkflowJobLogStream === 'function' &&
    typeof TextDecoder !== 'undefined'
  );
}

/** Reads the stream through the authenticated fetch; rejects when it cannot be opened. */
async function fetchStream(
  api: BerthWorkflowsApi,
  ids: { runId: string; jobRunId: string; after?: number },
  signal: AbortSignal,
  on: StreamHandlers,
): Promise<void> {
  const response = await api.openWorkflowJobLogStream!(
    ids.runId,
    ids.jobRunId,
    {
      after: ids.after,
      signal,
    },
  );
  if (!response.ok || !response.body) {
    throw new Error(`Log stream answered ${response.status}`);
  }
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  const parser = new SseParser();
  for (;;) {
    const { value, done } = await reader.read();
    if (done) {
      on.done(false);
      return;
    }
    for (const event of parser.push(decoder.decode(value, { stream: true }))) {
      if (event.event === 'chunk') on.chunk(JSON.parse(event.data));
      if (event.event === 'end' || event.event === 'error') {
        reader.cancel().catch(() => {});
        on.done(event.event === 'end');
        return;
      }
    }
  }
}

/** Reads the stream with an EventSource (works where the backend accepts cookies); returns its closer. */
async function eventSourceStream(
  api: BerthWorkflowsApi,
  ids: { runId: string; jobRunId: string },
  on: StreamHandlers,
): Promise<() => void> {
  const url = await api.streamJobLogsUrl(ids.runId, ids.jobRunId);
  const source = new EventSource(url, { withCredentials: true });
  source.addEventListener('chunk', event => {
    try {
      on.chunk(JSON.parse((event as MessageEvent).data));
    } catch {
      source.close();
      on.done(false);
    }
  });
  source.addEventListener('end', () => {
    source.close();
    on.done(true);
  });
  source.onerror = () => {
    source.close();
    on.done(false);
  };
  return () => source.close();
}

/**
 * The log of a job run, live: streamed from the backend's SSE route
 * (`event: chunk` with the chunk as JSON, `event: end` when the job is done)
 * through the authenticated fetch, or an EventSource where the API cannot
 * fetch it; when neither works or the stream breaks off, read with
 * `getJobLogs` every two seconds while `live`, once more when it stops.
 * Mount it once per job run (e.g. keyed by the job run id).
 */
export function useWorkflowJobLogs(
  runId: string,
  jobRunId: string,
  live: boolean,
): WorkflowJobLogs {
  const api = useWorkflowsApi();
  const [chunks, setChunks] = useState<WorkflowLogChunk[]>([]);
  const [mode, setMode] = useState<'stream' | 'poll'>(() =>
    live && (canFetchStream(api) || typeof EventSource !== 'undefined')
      ? 'stream'
      : 'poll',
  );
  const [error, setError] = useState<Error>();
  const latest = useRef<WorkflowLogChunk[]>([]);
  latest.current = chunks;
  const lastSequence = () => {
    const last = latest.current;
    return last.length ? last[last.length - 1].sequence : undefined;
  };

  const add = useCallback((more: WorkflowLogChunk[]) => {
    setChunks(prev => appendNew(prev, more));
  }, []);

  // Streaming.
  useEffect(() => {
    if (mode !== 'stream') return undefined;
    let closed = false;
    let close = () => {};
    const controller = new AbortController();
    const on: StreamHandlers = {
      chunk: chunk => !closed && add([chunk]),
      done: ended => {
        if (!closed && !ended) setMode('poll');
      },
    };
    const ids = { runId, jobRunId, after: lastSequence() };
    const started = canFetchStream(api)
      ? fetchStream(api, ids, controller.signal, on)
      : eventSourceStream(api, ids, on).then(closer => {
          close = closer;
          if (closed) closer();
        });
    started.catch(() => {
      if (!closed) setMode('poll');
    });
    return () => {
      closed = true;
      controller.abort();
      close();
    };
    // lastSequence reads a ref: a new stream starts only on a new job or mode.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [api, runId, jobRunId, mode, add]);

  // Polling.
  useEffect(() => {
    if (mode !== 'poll') return undefined;
    let cancelled = false;
    const read = async () => {
      try {
        const more = await api.getJobLogs(runId, jobRunId, lastSequence());
        if (!cancelled) {
          add(more);
          setError(undefined);
        }
      } catch (e) {
        if (!cancelled) setError(e as Error);
      }
    };
    read();
    const timer = live ? setInterval(read, JOB_LOG_POLL_MS) : undefined;
    return () => {
      cancelled = true;
      if (timer) clearInterval(timer);
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [api, runId, jobRunId, mode, live, add]);

  return { chunks, mode, error };
}
