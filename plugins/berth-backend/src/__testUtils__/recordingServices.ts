import {
  AuditorService,
  coreServices,
  createServiceFactory,
  LoggerService,
} from '@backstage/backend-plugin-api';

/**
 * Test helper: an auditor and a root logger that keep everything they are
 * given as text, so a test can check that no secret reaches either.
 */
export function recordingServices() {
  const records: string[] = [];
  const asText = (item: unknown): string => {
    if (item instanceof Error) {
      return `${item.name}: ${item.message} ${item.stack}`;
    }
    if (typeof item === 'string') return item;
    return (
      JSON.stringify(item, (_key, value) =>
        value instanceof Error ? `${value.name}: ${value.message}` : value,
      ) ?? ''
    );
  };
  const keep = (...items: unknown[]) => {
    for (const item of items) records.push(asText(item));
  };
  const logger = (fields: object = {}): LoggerService => ({
    error: (message, meta) => keep(fields, message, meta),
    warn: (message, meta) => keep(fields, message, meta),
    info: (message, meta) => keep(fields, message, meta),
    debug: (message, meta) => keep(fields, message, meta),
    child: meta => logger({ ...fields, ...meta }),
  });
  const auditEvents: Array<{ eventId: string; meta?: object }> = [];
  const auditor: AuditorService = {
    async createEvent(options) {
      const { request: _request, ...rest } = options;
      auditEvents.push(rest);
      keep(rest);
      return {
        async success(result) {
          keep(result ?? {});
        },
        async fail(result) {
          keep(result);
        },
      };
    },
  };
  return {
    /** Every audit record and log line so far, as text. */
    text: () => records.join('\n'),
    auditEvents,
    factories: [
      createServiceFactory({
        service: coreServices.auditor,
        deps: {},
        factory: () => auditor,
      }),
      createServiceFactory({
        service: coreServices.rootLogger,
        deps: {},
        factory: () => logger() as any,
      }),
    ],
  };
}
