export { SchemaForm, formSchema } from './SchemaForm';
