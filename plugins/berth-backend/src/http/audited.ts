import {
  AuditorService,
  AuditorServiceCreateEventOptions,
} from '@backstage/backend-plugin-api';

import { Request } from 'express';

/** Runs a change as an auditor event, recorded as a success or a failure. */
export function audited<T>(
  auditor: AuditorService,
  req: Request,
  eventId: string,
  meta: Record<string, string | number | boolean>,
  action: () => Promise<T>,
): Promise<T> {
  return auditedEvent(
    auditor,
    { eventId, severityLevel: 'medium', request: req, meta },
    action,
  );
}

/**
 * Runs `action` as the auditor event `options` describes (a request's, or
 * an action's with its caller in `meta`), recorded as a success or a failure.
 */
export async function auditedEvent<T>(
  auditor: AuditorService,
  options: AuditorServiceCreateEventOptions,
  action: () => Promise<T>,
): Promise<T> {
  const event = await auditor.createEvent(options);
  try {
    const result = await action();
    await event.success();
    return result;
  } catch (error) {
    await event.fail({ error: error as Error });
    throw error;
  }
}
