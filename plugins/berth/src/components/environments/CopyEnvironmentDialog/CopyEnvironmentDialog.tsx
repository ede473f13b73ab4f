import { useApi } from '@backstage/core-plugin-api';
import {
  BerthEnvironment,
  CopyEnvironmentRequest,
  CopyEnvironmentResponse,
  EnvironmentServiceSettings,
  EnvironmentTier,
} from '@berth/plugin-berth-common';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import { useState } from 'react';
import { parse } from 'yaml';
import { berthApiRef } from '../../../api';
import { errorMessage } from '../../../lib/errors';
import {
  defaultNamespace,
  dnsLabelProblem,
  namespaceProblem,
} from '../../../lib/names';
import { refName } from '../../../lib/refs';
import { valuesYamlProblem } from '../../../lib/yaml';
import { YamlField } from '../../common/YamlField';
import { ActionDialog } from '../../common/ActionDialog';
import {
  CheckboxField,
  SelectInput,
  TextInput,
  TIER_OPTIONS,
} from '../../common/FormFields';
import { useClusters } from '../../../hooks/useClusters';
import { useBerthAction } from '../../../hooks/useBerthAction';

/**
 * Why a text is not usable as per-service overrides of a copy: a YAML
 * mapping of service names (of the source) to settings.
 */
export function serviceOverridesProblem(
  text: string,
  services: string[],
): string | undefined {
  const problem = valuesYamlProblem(text);
  if (problem) return problem;
  const parsed = (text.trim() ? parse(text) : {}) ?? {};
  for (const [service, settings] of Object.entries(parsed)) {
    if (!services.includes(service)) {
      return `The environment has no service '${service}'`;
    }
    if (
      typeof settings !== 'object' ||
      settings === null ||
      Array.isArray(settings)
    ) {
      return `The overrides of ${service} must be a mapping (revision, values, images, set, variables)`;
    }
  }
  return undefined;
}

/**
 * Copies an environment into a new one: the same service revisions, values
 * and images, in a new namespace on the same or another cluster, with
 * overrides. Copying a production environment needs its own permission;
 * the backend's refusal is shown as it answers it.
 */
export const CopyEnvironmentDialog = (props: {
  environment: BerthEnvironment;
  canCopyProduction: boolean;
  onClose: () => void;
  onCopied: (copy: CopyEnvironmentResponse) => void;
}) => {
  const { environment: source } = props;
  const berthApi = useApi(berthApiRef);
  const clusters = useClusters();
  const projectName = refName(source.projectRef);
  const [name, setName] = useState('');
  const [cluster, setCluster] = useState(source.cluster);
  const [namespace, setNamespace] = useState<string>();
  const [tier, setTier] = useState<EnvironmentTier>(
    source.tier === 'production' ? 'staging' : source.tier,
  );
  const [values, setValues] = useState(source.values);
  const [overrides, setOverrides] = useState('');
  const [adoptNamespace, setAdoptNamespace] = useState(false);
  const [deploy, setDeploy] = useState(true);

  const services = Object.keys(source.services);
  const shownNamespace =
    namespace ?? (name ? defaultNamespace(projectName, name) : '');
  const problems = {
    name: name ? dnsLabelProblem(name, 'Name') : undefined,
    namespace: shownNamespace ? namespaceProblem(shownNamespace) : undefined,
    values: valuesYamlProblem(values),
    overrides: serviceOverridesProblem(overrides, services),
  };
  const invalid = !name || Object.values(problems).some(Boolean);

  const copyAction = useBerthAction(
    async () => {
      const request: CopyEnvironmentRequest = {
        name,
        cluster,
        tier,
        values,
        adoptNamespace,
        deploy,
      };
      if (namespace !== undefined) request.namespace = namespace;
      if (overrides.trim()) {
        request.services = parse(overrides) as Record<
          string,
          EnvironmentServiceSettings
        >;
      }
      props.onCopied(await berthApi.copyEnvironment(source.id, request));
    },
    { closes: true },
  );

  const { sending } = copyAction;
  return (
    <ActionDialog
      id="berth-copy-environment"
      onClose={props.onClose}
      size="md"
      title={`Copy environment ${source.name}`}
      action={copyAction}
      failed="Could not copy"
      confirmLabel="Copy"
      disabled={invalid}
    >
      <Typography variant="body2" paragraph>
        The copy runs the revisions and images that run in {source.name} now,
        with its values, in a new namespace.
      </Typography>
      {source.tier === 'production' && (
        <Typography
          variant="body2"
          paragraph
          color={props.canCopyProduction ? 'textSecondary' : 'error'}
        >
          {source.name} is a production environment: copying it needs the
          permission to copy production environments
          {props.canCopyProduction ? '.' : ', which you do not seem to have.'}
        </Typography>
      )}
      <Grid container spacing={2}>
        <Grid item xs={12} sm={6}>
          <TextInput
            id="berth-copy-name"
            label="Name"
            value={name}
            onChange={setName}
            required
            margin="dense"
            disabled={sending}
            problem={problems.name}
            hint="Of the new environment, e.g. qa-copy"
          />
        </Grid>
        <Grid item xs={12} sm={6}>
          <TextInput
            id="berth-copy-namespace"
            label="Namespace"
            value={shownNamespace}
            onChange={setNamespace}
            margin="dense"
            disabled={sending}
            problem={problems.namespace}
            hint={`Defaults to ${projectName.toLowerCase()}-<name>`}
          />
        </Grid>
        <Grid item xs={12} sm={6}>
          <SelectInput
            id="berth-copy-cluster"
            label="Cluster"
            value={cluster}
            onChange={setCluster}
            disabled={sending}
            hint={
              clusters.error
                ? `Could not list the clusters: ${errorMessage(clusters.error)}`
                : undefined
            }
            options={(clusters.value ?? [{ name: source.cluster }]).map(c => ({
              value: c.name,
              label: `${'title' in c && c.title ? c.title : c.name}${
                c.name === source.cluster ? ' (same as the source)' : ''
              }`,
            }))}
          />
        </Grid>
        <Grid item xs={12} sm={6}>
          <SelectInput
            id="berth-copy-tier"
            label="Tier"
            value={tier}
            onChange={value => setTier(value as EnvironmentTier)}
            disabled={sending}
            options={TIER_OPTIONS}
          />
        </Grid>
        <Grid item xs={12}>
          <YamlField
            label="Environment values (YAML)"
            value={values}
            onChange={setValues}
            disabled={sending}
            helperText={`The values of ${source.name}; change them for the copy`}
          />
        </Grid>
        <Grid item xs={12}>
          <YamlField
            label="Service overrides (YAML)"
            value={overrides}
            onChange={setOverrides}
            disabled={sending}
            error={problems.overrides}
            helperText="Per service, over what is copied, e.g. cart: { images: { main: ghcr.io/acme/cart:2.0 } }"
          />
        </Grid>
        <Grid item xs={12}>
          <CheckboxField
            checked={adoptNamespace}
            onChange={setAdoptNamespace}
            disabled={sending}
            label="Adopt the namespace if it exists"
          />
          <CheckboxField
            checked={deploy}
            onChange={setDeploy}
            disabled={sending}
            label="Deploy all services right away"
          />
        </Grid>
      </Grid>
    </ActionDialog>
  );
};
