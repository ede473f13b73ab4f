import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { V1Toleration } from '@kubernetes/client-node';

const EFFECTS = ['NoSchedule', 'PreferNoSchedule', 'NoExecute'];

/**
 * The `tolerations` of a config section, as pod tolerations: `key`,
 * `operator` (Equal, the default, or Exists), `value` (of Equal only) and
 * an optional `effect`. InputError naming the key (`where`) on a bad value.
 */
export function readTolerations(
  section: Config | undefined,
  where: (key: string) => string,
): V1Toleration[] {
  return (section?.getOptionalConfigArray('tolerations') ?? []).map(
    (t, i): V1Toleration => {
      const operator = t.getOptionalString('operator') ?? 'Equal';
      const effect = t.getOptionalString('effect');
      if (operator !== 'Equal' && operator !== 'Exists') {
        throw new InputError(
          `${where(`tolerations[${i}].operator`)} must be Equal or Exists`,
        );
      }
      if (effect !== undefined && !EFFECTS.includes(effect)) {
        throw new InputError(
          `${where(`tolerations[${i}].effect`)} must be one of ${EFFECTS.join(
            ', ',
          )}`,
        );
      }
      return {
        key: t.getString('key'),
        operator,
        ...(operator === 'Equal' && {
          value: t.getOptionalString('value') ?? '',
        }),
        ...(effect && { effect }),
      };
    },
  );
}
