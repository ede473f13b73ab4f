import { ENVIRONMENT_TIERS } from '@berth/plugin-berth-common';
import type { SelectOption } from './SelectInput';

/** The environment tiers as the options of a `SelectInput`. */
export const TIER_OPTIONS: SelectOption[] = ENVIRONMENT_TIERS.map(tier => ({
  value: tier,
  label: tier,
}));
