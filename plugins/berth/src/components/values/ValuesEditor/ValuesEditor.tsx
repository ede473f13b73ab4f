import { useTranslationRef } from '@backstage/core-plugin-api/alpha';
import { SECRET_VALUE_MASK } from '@berth/plugin-berth-common';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Tab from '@material-ui/core/Tab';
import Tabs from '@material-ui/core/Tabs';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import LockIcon from '@material-ui/icons/Lock';
import { useId, useMemo, useState } from 'react';
import { valuesYamlProblem } from '../../../lib/yaml';
import { SchemaForm } from '../../common/SchemaForm';
import { YamlField, YamlTextProps } from '../../common/YamlField';
import {
  markSecret,
  mergeValues,
  overridesOf,
  parseValues,
  schemaProblems,
  secretPaths,
  valuesText,
} from './values';
import {
  BerthTranslate,
  berthTranslationRef,
  englishBerthT,
} from '../../../translation';

/**
 * Why override values cannot be used: not a YAML mapping, or (merged over the
 * chart's defaults, as Helm validates them) failing the chart's schema.
 */
export function valuesProblems(
  text: string,
  options: { schema?: object; defaults?: string } = {},
  t: BerthTranslate = englishBerthT,
): string[] {
  const yamlProblem = valuesYamlProblem(text, t);
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
 * Marks a value of a values text secret: a key (dotted path) and a new value
 * typed in a password field, or the value already at the key, written as
 * `{ $secret: value }` for the server to seal. Lists the secret values: the
 * stored ones only as the mask the server sends (they cannot be read back),
 * the marked ones as "to be sealed" until saved.
 */
export const SecretValueControl = (props: {
  /** The values, as YAML. */
  value: string;
  onChange: (value: string) => void;
  disabled?: boolean;
}) => {
  const [path, setPath] = useState('');
  const [secret, setSecret] = useState('');
  const [problem, setProblem] = useState<string>();
  const id = useId();
  const { t } = useTranslationRef(berthTranslationRef);
  const secrets = secretPaths(props.value);
  const mark = () => {
    try {
      props.onChange(markSecret(props.value, path, secret || undefined));
      setPath('');
      setSecret('');
      setProblem(undefined);
    } catch (e) {
      setProblem((e as Error).message);
    }
  };
  return (
    <Box mt={1} role="group" aria-label={t('valuesEditor.secrets')}>
      {secrets.length > 0 && (
        <Box display="flex" alignItems="center" style={{ gap: 4 }}>
          <LockIcon fontSize="small" color="action" />
          <Typography variant="body2">
            {t('valuesEditor.secretList', {
              secrets: secrets
                .map(s =>
                  s.stored
                    ? `${s.path} ${SECRET_VALUE_MASK}`
                    : t('valuesEditor.toBeSealed', { path: s.path }),
                )
                .join(', '),
            })}
          </Typography>
        </Box>
      )}
      {!props.disabled && (
        <Box display="flex" alignItems="flex-start" mt={1} style={{ gap: 8 }}>
          <TextField
            id={`${id}-key`}
            label={t('valuesEditor.key')}
            placeholder="auth.password"
            size="small"
            variant="outlined"
            value={path}
            onChange={e => setPath(e.target.value)}
            error={Boolean(problem)}
            helperText={problem}
          />
          <TextField
            id={`${id}-value`}
            label={t('valuesEditor.secretValue')}
            type="password"
            autoComplete="new-password"
            size="small"
            variant="outlined"
            value={secret}
            onChange={e => setSecret(e.target.value)}
          />
          <Button
            variant="outlined"
            startIcon={<LockIcon />}
            onClick={mark}
            disabled={!path.trim()}
          >
            {t('valuesEditor.markSecret')}
          </Button>
        </Box>
      )}
    </Box>
  );
};

/**
 * Helm values overrides, edited as YAML or, when the chart has a
 * `values.schema.json`, through a form built from it. The form shows the
 * chart's defaults with the overrides on top and keeps only what differs as
 * overrides; problems (bad YAML, schema violations of the merged values) are
 * listed under the editor.
 */
export const ValuesEditor = (
  props: YamlTextProps & {
    /** The chart's `values.schema.json`. */
    schema?: object;
    /** The chart's own values.yaml, which the overrides (`value`) go on top of. */
    defaults?: string;
  },
) => {
  const { schema, value, onChange } = props;
  const { t } = useTranslationRef(berthTranslationRef);
  const [tab, setTab] = useState<'form' | 'yaml'>(schema ? 'form' : 'yaml');
  const defaults = useMemo(
    () => parseValues(props.defaults ?? '') ?? {},
    [props.defaults],
  );
  const overrides = parseValues(value);
  const problems = valuesProblems(
    value,
    { schema, defaults: props.defaults },
    t,
  );
  const shownTab = schema ? tab : 'yaml';

  return (
    <Box>
      {schema && (
        <Tabs
          value={shownTab}
          onChange={(_e, next) => setTab(next)}
          indicatorColor="primary"
          aria-label={t('valuesEditor.editor', { label: props.label })}
        >
          <Tab value="form" label={t('valuesEditor.form')} />
          <Tab value="yaml" label={t('valuesEditor.yaml')} />
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
        <Typography color="error">{t('valuesEditor.notMapping')}</Typography>
      )}
      {shownTab === 'yaml' && (
        <YamlField
          label={props.label}
          value={value}
          onChange={onChange}
          disabled={props.disabled}
          error={props.error}
          rows={8}
          helperText={t('valuesEditor.hint')}
        />
      )}
      <SecretValueControl
        value={value}
        onChange={onChange}
        disabled={props.disabled}
      />
      {schema && problems.length > 0 && !valuesYamlProblem(value) && (
        <Box role="alert" mt={1}>
          <Typography color="error" variant="body2">
            {t('valuesEditor.schemaProblems')}
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
