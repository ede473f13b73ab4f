import { Config } from '@backstage/config';
import { configNumbers } from '../../shared/configNumbers';

/** `berth.workflows.triggers`, with defaults. */
export interface TriggersConfig {
  deliveryRetentionDays: number;
  cronCatchUpMinutes: number;
}

/** Reads `berth.workflows.triggers`; InputError for values out of range. */
export function readTriggersConfig(config: Config): TriggersConfig {
  const { number } = configNumbers(config, 'berth.workflows.triggers');
  return {
    deliveryRetentionDays: number('deliveryRetentionDays', 30, 1, 3650),
    cronCatchUpMinutes: number('cronCatchUpMinutes', 15, 1, 24 * 60),
  };
}
