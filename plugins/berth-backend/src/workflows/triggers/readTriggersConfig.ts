import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';

/** `berth.workflows.triggers`, with defaults. */
export interface TriggersConfig {
  deliveryRetentionDays: number;
  cronCatchUpMinutes: number;
}

/** Reads `berth.workflows.triggers`; InputError for values out of range. */
export function readTriggersConfig(config: Config): TriggersConfig {
  const section = config.getOptionalConfig('berth.workflows.triggers');
  const number = (key: string, fallback: number, min: number, max: number) => {
    const value = section?.getOptionalNumber(key) ?? fallback;
    if (!Number.isFinite(value) || value < min || value > max) {
      throw new InputError(
        `berth.workflows.triggers.${key} must be a number from ${min} to ${max}, got ${value}`,
      );
    }
    return value;
  };
  return {
    deliveryRetentionDays: number('deliveryRetentionDays', 30, 1, 3650),
    cronCatchUpMinutes: number('cronCatchUpMinutes', 15, 1, 24 * 60),
  };
}
