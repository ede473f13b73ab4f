import Box from '@material-ui/core/Box';
import Tab from '@material-ui/core/Tab';
import Tabs from '@material-ui/core/Tabs';
import Typography from '@material-ui/core/Typography';
import { useMemo, useState } from 'react';
import { valuesYamlProblem } from '../../../lib/yaml';
import { SchemaForm } from '../../common/SchemaForm';
import { YamlField } from '../../common/YamlField';
import {
  mergeValues,
  overridesOf,
  parseValues,
  schemaProblems,
  valuesText,
} from './values';

/**
 * Why override values cannot be used: not a YAML mapping, or (merged over the
 * chart's defaults, as Helm validates them) failing the chart's schema.
 */
export function valuesProblems(
  text: string,
  options: { schema?: object; defaults?: string } = {},
): string[] {
  const yamlProblem = valuesYamlProblem(text);
  if (yamlProblem) return [yamlProblem];
  if (!options.schema) return [];
  const overrides = parseValues(text) ?? {};
  const merged = mergeValues(
    parseValues(options.defaults ?? '') ?? {},
    overrides,
  );
  return schemaProblems(options.schema, merged);
}

/**
 * Helm values overrides, edited as YAML or, when the chart has a
 * `values.schema.json`, through a form built from it. The form shows the
 * chart's defaults with the overrides on top and keeps only what differs as
 * overrides; problems (bad YAML, schema violations of the merged values) are
 * listed under the editor.
 */
export const ValuesEditor = (props: {
  label: string;
  /** The overrides, as YAML. */
  value: string;
  onChange: (value: string) => void;
  /** The chart's `values.schema.json`. */
  schema?: object;
  /** The chart's own values.yaml, which the overrides go on top of. */
  defaults?: string;
  /** A problem the server reported. */
  error?: string;
  disabled?: boolean;
}) => {
  const { schema, value, onChange } = props;
  const [tab, setTab] = useState<'form' | 'yaml'>(schema ? 'form' : 'yaml');
  const defaults = useMemo(
    () => parseValues(props.defaults ?? '') ?? {},
    [props.defaults],
  );
  const overrides = parseValues(value);
  const problems = valuesProblems(value, {
    schema,
    defaults: props.defaults,
  });
  const shownTab = schema ? tab : 'yaml';

  return (
    <Box>
      {schema && (
        <Tabs
          value={shownTab}
          onChange={(_e, next) => setTab(next)}
          indicatorColor="primary"
          aria-label={`${props.label} editor`}
        >
          <Tab value="form" label="Form" />
          <Tab value="yaml" label="YAML" />
        </Tabs>
      )}
      {shownTab === 'form' && schema && overrides && (
        <SchemaForm
          schema={schema}
          values={mergeValues(defaults, overrides)}
          disabled={props.disabled}
          onChange={full => {
            const next = overridesOf(full, defaults);
            onChange(valuesText(next));
          }}
        />
      )}
      {shownTab === 'form' && schema && !overrides && (
        <Typography color="error">
          The YAML is not a values mapping; fix it on the YAML tab to use the
          form.
        </Typography>
      )}
      {shownTab === 'yaml' && (
        <YamlField
          label={props.label}
          value={value}
          onChange={onChange}
          disabled={props.disabled}
          error={props.error}
          rows={8}
          helperText="Overrides on top of the chart's values.yaml"
        />
      )}
      {schema && problems.length > 0 && !valuesYamlProblem(value) && (
        <Box role="alert" mt={1}>
          <Typography color="error" variant="body2">
            The values do not match the chart's values.schema.json:
          </Typography>
          <ul style={{ margin: 0 }}>
            {problems.map(p => (
              <Typography component="li" color="error" variant="body2" key={p}>
                {p}
              </Typography>
            ))}
          </ul>
        </Box>
      )}
      {shownTab === 'form' && props.error && (
        <Typography color="error">{props.error}</Typography>
      )}
    </Box>
  );
};
