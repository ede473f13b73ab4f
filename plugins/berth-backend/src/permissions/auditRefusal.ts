import {
  AuditorService,
  BackstageCredentials,
} from '@backstage/backend-plugin-api';

/**
 * Records a refused permission check as the auditor event
 * `permission-denied`: who, which permission, on what.
 */
export async function auditRefusal(
  auditor: AuditorService | undefined,
  credentials: BackstageCredentials,
  meta: { permission: string } & Record<string, string | undefined>,
  error: Error,
): Promise<void> {
  if (!auditor) return;
  const principal = credentials.principal as {
    type: string;
    userEntityRef?: string;
    subject?: string;
  };
  const event = await auditor.createEvent({
    eventId: 'permission-denied',
    severityLevel: 'medium',
    meta: {
      ...meta,
      actor: principal.userEntityRef ?? principal.subject ?? principal.type,
      actorType: principal.type,
    },
  });
  await event.fail({ error });
}
