import Form from '@rjsf/material-ui';
import { RJSFSchema, UiSchema } from '@rjsf/utils';
import validator from '@rjsf/validator-ajv8';
import { useMemo } from 'react';

const uiSchema: UiSchema = { 'ui:submitButtonOptions': { norender: true } };

/**
 * A chart's `values.schema.json` without the keys that name a meta-schema or
 * an id: charts use many spellings of them (`http://json-schema.org/schema#`)
 * that Ajv would refuse, and the form needs neither.
 */
export function formSchema(schema: object): RJSFSchema {
  const {
    $schema: _schema,
    $id: _id,
    ...rest
  } = schema as Record<string, unknown>;
  return rest as RJSFSchema;
}

/**
 * A form built from a chart's `values.schema.json`, validated as the user
 * types; it edits the whole values mapping and has no submit button of its own.
 */
export const SchemaForm = (props: {
  schema: object;
  values: Record<string, unknown>;
  onChange: (values: Record<string, unknown>) => void;
  disabled?: boolean;
}) => {
  const schema = useMemo(() => formSchema(props.schema), [props.schema]);
  return (
    <Form
      schema={schema}
      uiSchema={uiSchema}
      formData={props.values}
      validator={validator}
      liveValidate
      showErrorList={false}
      disabled={props.disabled}
      onChange={event => props.onChange(event.formData ?? {})}
    />
  );
};
