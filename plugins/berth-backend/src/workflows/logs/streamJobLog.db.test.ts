import { MiddlewareFactory } from '@backstage/backend-defaults/rootHttpRouter';
import { mockServices } from '@backstage/backend-test-utils';
import express from 'express';
import { Knex } from 'knex';
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import { AddressInfo } from 'node:net';
import request from 'supertest';
import {
  createBerthTestDatabases,
  migratedDatabase,
} from '../../__testUtils__/testDatabases';
import { DatabaseJobLogs } from './JobLogs';
import { JobLogNotifier } from './JobLogNotifier';
import { streamJobLog } from './streamJobLog';

jest.setTimeout(120_000);

const databases = createBerthTestDatabases();

interface SseEvent {
  id?: string;
  event?: string;
  data?: string;
  comment?: string;
  retry?: string;
}

/** A test server whose one route streams a job run's log. */
async function startServer(options: {
  logs: DatabaseJobLogs;
  finished: Set<string>;
  notifier?: JobLogNotifier;
  pollIntervalMs?: number;
  heartbeatMs?: number;
}) {
  const handlers: Array<Promise<void>> = [];
  const app = express();
  app.get('/jobs/:jobRunId/log', (req, res, next) => {
    const jobRunId = req.params.jobRunId;
    const handler = streamJobLog(req, res, {
      logs: options.logs,
      jobRunId,
      isFinished: async () => options.finished.has(jobRunId),
      notifier: options.notifier,
      pollIntervalMs: options.pollIntervalMs,
      heartbeatMs: options.heartbeatMs,
    });
    handlers.push(handler);
    handler.catch(next);
  });
  app.use(
    MiddlewareFactory.create({
      config: mockServices.rootConfig(),
      logger: mockServices.logger.mock(),
    }).error(),
  );
  const server = app.listen(0);
  await new Promise(resolve => server.once('listening', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    app,
    base,
    handlers,
    close: () => new Promise(resolve => server.close(resolve)),
  };
}

/** Reads a server-sent event stream with node's http client. */
function openStream(url: string, headers: Record<string, string> = {}) {
  const events: SseEvent[] = [];
  let buffer = '';
  let response: http.IncomingMessage | undefined;
  let resolveEnded: () => void;
  const ended = new Promise<void>(resolve => {
    resolveEnded = resolve;
  });
  const req = http.get(url, { headers, agent: false }, res => {
    response = res;
    res.setEncoding('utf8');
    res.on('data', (data: string) => {
      buffer += data;
      let end = buffer.indexOf('\n\n');
      while (end >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const event: SseEvent = {};
        for (const line of block.split('\n')) {
          if (line.startsWith(':')) {
            event.comment = line.slice(1).trim();
            continue;
          }
          const colon = line.indexOf(':');
          const field = line.slice(0, colon) as keyof SseEvent;
          const value = line.slice(colon + 1).replace(/^ /, '');
          event[field] =
            field === 'data' && event.data !== undefined
              ? `${event.data}\n${value}`
              : value;
        }
        events.push(event);
        end = buffer.indexOf('\n\n');
      }
    });
    res.on('end', () => resolveEnded());
  });
  req.on('error', () => resolveEnded());
  const chunks = () => events.filter(e => e.event === 'chunk');
  return {
    events,
    ended,
    chunks,
    response: () => response,
    texts: () => chunks().map(e => JSON.parse(e.data!).text as string),
    async waitFor(what: string, predicate: () => boolean, timeoutMs = 20_000) {
      const deadline = Date.now() + timeoutMs;
      while (!predicate()) {
        if (Date.now() > deadline) {
          throw new Error(
            `Timed out waiting for ${what}; events: ${JSON.stringify(events)}`,
          );
        }
        await new Promise(resolve => setTimeout(resolve, 10));
      }
    },
    close: () => req.destroy(),
  };
}

async function writeChunks(logs: DatabaseJobLogs, texts: string[]) {
  const job = { runId: randomUUID(), jobRunId: randomUUID(), attempt: 1 };
  const writer = logs.writer(job);
  for (const text of texts) {
    writer.write(text);
    await writer.flush();
  }
  return { job, writer };
}

describe.each(databases.eachSupportedId())('streamJobLog on %s', id => {
  let knex: Knex;
  beforeAll(async () => {
    knex = await migratedDatabase(databases, id);
  });

  it('sends the chunks after Last-Event-ID, each new flush at once, then end when the job run finished', async () => {
    const logs = new DatabaseJobLogs({ knex });
    const finished = new Set<string>();
    // Polling too slow to matter: only the notifier can wake the stream.
    const server = await startServer({
      logs,
      finished,
      notifier: logs.notifier,
      pollIntervalMs: 60_000,
    });
    try {
      const { job, writer } = await writeChunks(logs, [
        'one\n',
        'two\n',
        'three\n',
      ]);
      const stream = openStream(`${server.base}/jobs/${job.jobRunId}/log`, {
        'Last-Event-ID': '1',
      });
      await stream.waitFor(
        'two stored chunks',
        () => stream.chunks().length === 2,
      );
      expect(stream.response()?.headers['content-type']).toBe(
        'text/event-stream; charset=utf-8',
      );
      expect(stream.events[0]).toEqual({ retry: '2000' });
      expect(stream.chunks().map(e => e.id)).toEqual(['2', '3']);
      expect(JSON.parse(stream.chunks()[0].data!)).toEqual(
        (await logs.read(job.jobRunId, { afterSequence: 1, limit: 1 }))[0],
      );

      // The stream polls every 60 s: the chunk arriving within the wait is
      // the flush's push, not a poll.
      writer.write('live line\n');
      await writer.flush();
      await stream.waitFor(
        'the live chunk',
        () => stream.chunks().length === 3,
      );

      finished.add(job.jobRunId);
      writer.write('last line\n');
      await writer.close();
      await stream.ended;
      expect(stream.texts()).toEqual([
        'two\n',
        'three\n',
        'live line\n',
        'last line\n',
      ]);
      expect(stream.chunks().map(e => e.id)).toEqual(['2', '3', '4', '5']);
      expect(stream.events[stream.events.length - 1]).toEqual({
        event: 'end',
        data: '{}',
      });
      await Promise.all(server.handlers);
      expect(logs.notifier.listenedJobRuns).toBe(0);
    } finally {
      await server.close();
    }
  });

  it('resumes from ?after= and, without a notifier, finds chunks another replica stores by polling', async () => {
    const logs = new DatabaseJobLogs({ knex });
    const otherReplica = new DatabaseJobLogs({ knex });
    const finished = new Set<string>();
    const server = await startServer({ logs, finished, pollIntervalMs: 100 });
    try {
      const { job } = await writeChunks(otherReplica, ['a\n', 'b\n']);
      const stream = openStream(
        `${server.base}/jobs/${job.jobRunId}/log?after=1`,
      );
      await stream.waitFor('chunk 2', () => stream.chunks().length === 1);
      const writer = otherReplica.writer(job);
      writer.write('c\n');
      await writer.close();
      await stream.waitFor('chunk 3', () => stream.chunks().length === 2);
      finished.add(job.jobRunId);
      await stream.ended;
      expect(stream.texts()).toEqual(['b\n', 'c\n']);
      expect(stream.events[stream.events.length - 1].event).toBe('end');
    } finally {
      await server.close();
    }
  });

  it("sends a finished job run's log and ends at once; Last-Event-ID wins over ?after=", async () => {
    const logs = new DatabaseJobLogs({ knex });
    const finished = new Set<string>();
    const server = await startServer({
      logs,
      finished,
      pollIntervalMs: 60_000,
    });
    try {
      const { job, writer } = await writeChunks(logs, ['x\n', 'y\n', 'z\n']);
      await writer.close();
      finished.add(job.jobRunId);
      const all = openStream(`${server.base}/jobs/${job.jobRunId}/log`);
      await all.ended;
      expect(all.texts()).toEqual(['x\n', 'y\n', 'z\n']);
      const resumed = openStream(
        `${server.base}/jobs/${job.jobRunId}/log?after=0`,
        { 'Last-Event-ID': '2' },
      );
      await resumed.ended;
      expect(resumed.chunks().map(e => e.id)).toEqual(['3']);
      expect(resumed.events.map(e => e.event ?? 'retry')).toEqual([
        'retry',
        'chunk',
        'end',
      ]);
    } finally {
      await server.close();
    }
  });

  it('refuses a resume point that is not a sequence number with 400, streaming nothing', async () => {
    const logs = new DatabaseJobLogs({ knex });
    const server = await startServer({ logs, finished: new Set() });
    try {
      const path = `/jobs/${randomUUID()}/log`;
      const badHeader = await request(server.app)
        .get(path)
        .set('Last-Event-ID', 'abc');
      expect(badHeader.status).toBe(400);
      expect(badHeader.headers['content-type']).toMatch(/application\/json/);
      expect(badHeader.body.error).toMatchObject({
        name: 'InputError',
        message:
          'Last-Event-ID must be a log chunk\'s sequence number (a whole number from 0), got "abc"',
      });
      for (const after of ['-1', '1.5', 'x', '1e3']) {
        const response = await request(server.app).get(path).query({ after });
        expect(response.status).toBe(400);
        expect(response.body.error.message).toMatch(
          /^after must be a log chunk/,
        );
      }
      const twice = await request(server.app).get(`${path}?after=1&after=2`);
      expect(twice.status).toBe(400);
    } finally {
      await server.close();
    }
  });

  it('stops when the client goes away: the handler returns and leaves the notifier', async () => {
    const logs = new DatabaseJobLogs({ knex });
    const server = await startServer({
      logs,
      finished: new Set(),
      notifier: logs.notifier,
      pollIntervalMs: 60_000,
      heartbeatMs: 50,
    });
    try {
      const { job, writer } = await writeChunks(logs, ['only\n']);
      const stream = openStream(`${server.base}/jobs/${job.jobRunId}/log`);
      await stream.waitFor('a heartbeat', () =>
        stream.events.some(e => e.comment === 'keep-alive'),
      );
      expect(stream.texts()).toEqual(['only\n']);
      expect(logs.notifier.listenedJobRuns).toBe(1);
      stream.close();
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([
        Promise.all(server.handlers),
        new Promise((_, reject) => {
          timer = setTimeout(
            () => reject(new Error('the handler kept running')),
            3000,
          );
        }),
      ]).finally(() => clearTimeout(timer));
      expect(logs.notifier.listenedJobRuns).toBe(0);
      await writer.close();
    } finally {
      await server.close();
    }
  });
});
