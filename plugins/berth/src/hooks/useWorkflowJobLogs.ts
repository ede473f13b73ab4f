import { WorkflowLogChunk } from '@berth/plugin-berth-common';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useWorkflowsApi } from '../components/workflows/api';

/** How often the logs are read again when they cannot be streamed. */
export const JOB_LOG_POLL_MS = 2_000;

export interface WorkflowJobLogs {
  chunks: WorkflowLogChunk[];
  /** `stream` while an EventSource delivers them, `poll` otherwise. */
  mode: 'stream' | 'poll';
  error?: Error;
}

function appendNew(
  chunks: WorkflowLogChunk[],
  more: WorkflowLogChunk[],
): WorkflowLogChunk[] {
  const last = chunks.length ? chunks[chunks.length - 1].sequence : 0;
  const fresh = more.filter(c => c.sequence > last);
  return fresh.length ? [...chunks, ...fresh] : chunks;
}

/**
 * The log of a job run, live: streamed from the backend's SSE route
 * (`event: chunk` with the chunk as JSON, `event: end` when the job is done)
 * and, where EventSource is missing or the stream fails (e.g. it cannot
 * authenticate), read with `getJobLogs` every two seconds while `live`, once
 * more when it stops being live.
 */
export function useWorkflowJobLogs(
  runId: string,
  jobRunId: string,
  live: boolean,
): WorkflowJobLogs {
  const api = useWorkflowsApi();
  const [chunks, setChunks] = useState<WorkflowLogChunk[]>([]);
  const [mode, setMode] = useState<'stream' | 'poll'>(() =>
    live && typeof EventSource !== 'undefined' ? 'stream' : 'poll',
  );
  const [error, setError] = useState<Error>();
  const latest = useRef<WorkflowLogChunk[]>([]);
  latest.current = chunks;

  const add = useCallback((more: WorkflowLogChunk[]) => {
    setChunks(prev => appendNew(prev, more));
  }, []);

  useEffect(() => {
    setChunks([]);
    setError(undefined);
  }, [runId, jobRunId]);

  // Streaming.
  useEffect(() => {
    if (mode !== 'stream') return undefined;
    let source: EventSource | undefined;
    let closed = false;
    api
      .streamJobLogsUrl(runId, jobRunId)
      .then(url => {
        if (closed) return;
        source = new EventSource(url, { withCredentials: true });
        source.addEventListener('chunk', event => {
          try {
            add([JSON.parse((event as MessageEvent).data) as WorkflowLogChunk]);
          } catch {
            // A malformed chunk is skipped; polling would not do better.
          }
        });
        source.addEventListener('end', () => source?.close());
        source.onerror = () => {
          source?.close();
          if (!closed) setMode('poll');
        };
      })
      .catch(() => setMode('poll'));
    return () => {
      closed = true;
      source?.close();
    };
  }, [api, runId, jobRunId, mode, add]);

  // Polling.
  useEffect(() => {
    if (mode !== 'poll') return undefined;
    let cancelled = false;
    const read = async () => {
      const last = latest.current;
      const after = last.length ? last[last.length - 1].sequence : undefined;
      try {
        const more = await api.getJobLogs(runId, jobRunId, after);
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
  }, [api, runId, jobRunId, mode, live, add]);

  return { chunks, mode, error };
}
