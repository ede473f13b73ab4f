import { EnvironmentTier } from '@berth/plugin-berth-common';
import { useTranslationRef } from '@backstage/core-plugin-api/alpha';
import Grid from '@material-ui/core/Grid';
import { ReactNode } from 'react';
import { berthTranslationRef } from '../../../translation';
import { YamlField } from '../../common/YamlField';
import {
  CheckboxField,
  SelectInput,
  SelectOption,
  TextInput,
  TIER_OPTIONS,
} from '../../common/FormFields';

/** What the user gives of a new environment (created or copied). */
export interface EnvironmentFieldsValue {
  name: string;
  namespace: string;
  cluster: string;
  tier: EnvironmentTier;
  values: string;
  adoptNamespace: boolean;
  deploy: boolean;
}

/**
 * The fields of a new environment, as grid items of a `Grid container`:
 * name, namespace, cluster, tier, the environment values, `children` (more
 * fields), then whether to adopt the namespace and to deploy at once.
 */
export const EnvironmentFields = (props: {
  /** The start of the fields' ids, e.g. `berth-copy` for `berth-copy-name`. */
  id: string;
  /** The project's name, for the namespace's default `<project>-<name>`. */
  projectName: string;
  value: EnvironmentFieldsValue;
  onChange: (change: Partial<EnvironmentFieldsValue>) => void;
  problems: {
    name?: string;
    namespace?: string;
    cluster?: string;
    values?: string;
  };
  clusterOptions: SelectOption[];
  /** A required cluster shows "Choose a cluster" until one is chosen. */
  clusterRequired?: boolean;
  clusterHint?: string;
  hints: { name: string; values: string; adoptNamespace: string };
  disabled?: boolean;
  children?: ReactNode;
}) => {
  const { t } = useTranslationRef(berthTranslationRef);
  const { id, value, onChange, problems, disabled } = props;
  /** What a text or select field of `key` takes from the form. */
  const fieldOf = (key: 'name' | 'namespace' | 'cluster') => ({
    id: `${id}-${key}`,
    label: t(`environmentFields.${key}`),
    value: value[key],
    onChange: (text: string) => onChange({ [key]: text }),
    disabled,
    problem: problems[key],
  });
  return (
    <>
      <Grid item xs={12} sm={6}>
        <TextInput
          {...fieldOf('name')}
          required
          margin="dense"
          hint={props.hints.name}
        />
      </Grid>
      <Grid item xs={12} sm={6}>
        <TextInput
          {...fieldOf('namespace')}
          margin="dense"
          hint={t('environmentFields.namespaceDefault', {
            project: props.projectName.toLowerCase(),
          })}
        />
      </Grid>
      <Grid item xs={12} sm={6}>
        <SelectInput
          {...fieldOf('cluster')}
          required={props.clusterRequired}
          hint={props.clusterHint}
          placeholder={
            props.clusterRequired && !value.cluster
              ? t('environmentFields.chooseCluster')
              : undefined
          }
          options={props.clusterOptions}
        />
      </Grid>
      <Grid item xs={12} sm={6}>
        <SelectInput
          id={`${id}-tier`}
          label={t('environmentFields.tier')}
          value={value.tier}
          onChange={tier => onChange({ tier: tier as EnvironmentTier })}
          disabled={disabled}
          options={TIER_OPTIONS}
        />
      </Grid>
      <Grid item xs={12}>
        <YamlField
          label={t('environmentFields.values')}
          value={value.values}
          onChange={values => onChange({ values })}
          disabled={disabled}
          error={problems.values}
          helperText={props.hints.values}
        />
      </Grid>
      {props.children}
      <Grid item xs={12}>
        <CheckboxField
          checked={value.adoptNamespace}
          onChange={adoptNamespace => onChange({ adoptNamespace })}
          disabled={disabled}
          label={props.hints.adoptNamespace}
        />
        <CheckboxField
          checked={value.deploy}
          onChange={deploy => onChange({ deploy })}
          disabled={disabled}
          label={t('environmentFields.deploy')}
        />
      </Grid>
    </>
  );
};
