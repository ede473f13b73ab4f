import { OperationKind } from '@berth/plugin-berth-common';
import { BerthTranslate } from '../../../translation';

const KINDS: Record<OperationKind, true> = {
  deploy: true,
  'deploy-service': true,
  'redeploy-values': true,
  create: true,
  copy: true,
  rollback: true,
  sleep: true,
  wake: true,
  delete: true,
  'values-sync': true,
  'sandbox-create': true,
  'sandbox-update': true,
  'sandbox-delete': true,
};

/** An operation's kind as the user reads it; an unknown kind as it is. */
export function operationKindLabel(t: BerthTranslate, kind: string): string {
  return kind in KINDS ? t(`activity.kinds.${kind as OperationKind}`) : kind;
}

/** "Cancel requested by <who>", or without a name when none is known. */
export function cancelRequestedLabel(t: BerthTranslate, who?: string): string {
  return who
    ? t('activity.cancelRequestedBy', { who })
    : t('activity.cancelRequested');
}
