export { CheckboxField } from './CheckboxField';
export { TextInput } from './TextInput';
