export { CheckboxField } from './CheckboxField';
export { SelectInput } from './SelectInput';
export type { SelectOption } from './SelectInput';
export { TextInput } from './TextInput';
export { TIER_OPTIONS } from './tierOptions';
