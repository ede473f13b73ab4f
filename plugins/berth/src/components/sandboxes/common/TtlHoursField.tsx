import { useTranslationRef } from '@backstage/core-plugin-api/alpha';
import { ReactNode } from 'react';
import { berthTranslationRef } from '../../../translation';
import { TextInput } from '../../common/FormFields';
import { SandboxTtl } from './ttlHours';

/**
 * A sandbox's time to live in hours: its problem, or the default and the
 * maximum when they are known.
 */
export const TtlHoursField = (props: {
  id: string;
  label: ReactNode;
  value: string;
  onChange: (value: string) => void;
  /** The base's TTL limits; unknown while its readiness loads (or when it could not be read). */
  ttl?: SandboxTtl;
  problem?: string;
  disabled?: boolean;
}) => {
  const { t } = useTranslationRef(berthTranslationRef);
  const { ttl } = props;
  return (
    <TextInput
      id={props.id}
      label={props.label}
      value={props.value}
      onChange={props.onChange}
      type="number"
      margin="dense"
      disabled={props.disabled}
      problem={props.problem}
      hint={
        ttl
          ? t('sandboxes.create.ttlHint', {
              default: String(ttl.defaultHours),
              max: String(ttl.maxHours),
            })
          : t('sandboxes.create.ttlHintUnknown')
      }
    />
  );
};
