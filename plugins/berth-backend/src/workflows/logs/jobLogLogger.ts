import { LoggerService } from '@backstage/backend-plugin-api';

type Level = 'error' | 'warn' | 'info' | 'debug';

/**
 * A LoggerService whose messages become lines of a job's log:
 * `info: message key=value ...`, with the child loggers' fields and the
 * message's meta after the message, and an error as `name: message`.
 */
export function jobLogLogger(
  writeLine: (line: string) => void,
  fields: Record<string, unknown> = {},
): LoggerService {
  const log =
    (level: Level) =>
    (message: string, meta?: Error | Record<string, unknown>) => {
      writeLine(
        `${level}: ${message}${formatMeta({ ...fields, ...asFields(meta) })}\n`,
      );
    };
  return {
    error: log('error'),
    warn: log('warn'),
    info: log('info'),
    debug: log('debug'),
    child: meta => jobLogLogger(writeLine, { ...fields, ...meta }),
  };
}

function asFields(
  meta: Error | Record<string, unknown> | undefined,
): Record<string, unknown> {
  if (meta === undefined || meta === null) return {};
  if (meta instanceof Error) return { error: meta };
  return meta;
}

function formatMeta(fields: Record<string, unknown>): string {
  const parts = Object.entries(fields)
    .filter(([, value]) => value !== undefined)
    .map(([key, value]) => `${key}=${formatValue(value)}`);
  return parts.length ? ` ${parts.join(' ')}` : '';
}

function formatValue(value: unknown): string {
  if (value instanceof Error)
    return JSON.stringify(`${value.name}: ${value.message}`);
  if (typeof value === 'string') {
    return /^[^\s"=]+$/.test(value) ? value : JSON.stringify(value);
  }
  return JSON.stringify(value) ?? String(value);
}
