import { BerthCluster, BerthProject } from '@berth/plugin-berth-common';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Grid from '@material-ui/core/Grid';
import IconButton from '@material-ui/core/IconButton';
import Paper from '@material-ui/core/Paper';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import DeleteIcon from '@material-ui/icons/Delete';
import {
  DraftErrors,
  EnvironmentDraft,
  namespaceOf,
  ServiceOverrideDraft,
} from '../CreateEnvironmentDialog/drafts';
import { ImageOverridesField } from '../../services/ImageOverridesField';
import { YamlField } from '../../common/YamlField';
import {
  CheckboxField,
  SelectInput,
  TextInput,
  TIER_OPTIONS,
} from '../../common/FormFields';

const emptyOverride: ServiceOverrideDraft = {
  revision: '',
  values: '',
  images: [],
  variables: '',
};

function clusterLabel(cluster: BerthCluster): string {
  const name = cluster.title ?? cluster.name;
  const notes = [
    cluster.connection === 'Disconnected' ? 'disconnected' : undefined,
    cluster.allowProduction ? undefined : 'no production',
  ].filter(Boolean);
  return notes.length ? `${name} (${notes.join(', ')})` : name;
}

/** The fields of one environment of the create dialog. */
export const EnvironmentDraftForm = (props: {
  index: number;
  draft: EnvironmentDraft;
  errors: DraftErrors;
  project: BerthProject;
  clusters: BerthCluster[];
  onChange: (draft: EnvironmentDraft) => void;
  onRemove?: () => void;
  disabled?: boolean;
}) => {
  const { draft, errors, project, clusters, onChange, disabled } = props;
  const set = (change: Partial<EnvironmentDraft>) =>
    onChange({ ...draft, ...change });
  const setOverride = (
    service: string,
    change: Partial<ServiceOverrideDraft>,
  ) =>
    set({
      services: {
        ...draft.services,
        [service]: { ...(draft.services[service] ?? emptyOverride), ...change },
      },
    });
  const title = `Environment ${props.index + 1}`;
  const id = `berth-environment-${draft.key}`;

  return (
    <Paper variant="outlined" role="group" aria-label={title}>
      <Box p={2}>
        <Box display="flex" alignItems="center" justifyContent="space-between">
          <Typography variant="subtitle1">{title}</Typography>
          {props.onRemove && (
            <IconButton
              aria-label={`Remove ${title.toLowerCase()}`}
              onClick={props.onRemove}
              disabled={disabled}
              size="small"
            >
              <DeleteIcon fontSize="small" />
            </IconButton>
          )}
        </Box>
        <Grid container spacing={2}>
          <Grid item xs={12} sm={6}>
            <TextInput
              id={`${id}-name`}
              label="Name"
              value={draft.name}
              onChange={name => set({ name })}
              required
              margin="dense"
              disabled={disabled}
              problem={errors.name}
              hint='Lower-case letters, digits and "-", e.g. dev or pr-42'
            />
          </Grid>
          <Grid item xs={12} sm={6}>
            <TextInput
              id={`${id}-namespace`}
              label="Namespace"
              value={namespaceOf(draft, project)}
              onChange={namespace => set({ namespace, namespaceEdited: true })}
              margin="dense"
              disabled={disabled}
              problem={errors.namespace}
              hint={`Defaults to ${project.name.toLowerCase()}-<name>`}
            />
          </Grid>
          <Grid item xs={12} sm={6}>
            <SelectInput
              id={`${id}-cluster`}
              label="Cluster"
              value={draft.cluster}
              onChange={cluster => set({ cluster })}
              required
              disabled={disabled}
              problem={errors.cluster}
              placeholder={draft.cluster ? undefined : 'Choose a cluster'}
              options={clusters.map(c => ({
                value: c.name,
                label: clusterLabel(c),
              }))}
            />
          </Grid>
          <Grid item xs={12} sm={6}>
            <SelectInput
              id={`${id}-tier`}
              label="Tier"
              value={draft.tier}
              onChange={tier => set({ tier: tier as EnvironmentDraft['tier'] })}
              disabled={disabled}
              options={TIER_OPTIONS}
            />
          </Grid>
          <Grid item xs={12}>
            <YamlField
              label="Environment values (YAML)"
              value={draft.values}
              onChange={values => set({ values })}
              disabled={disabled}
              error={errors.values}
              helperText="Helm values for every service of this environment, over the project's"
            />
          </Grid>
          <Grid item xs={12}>
            <CheckboxField
              checked={draft.adoptNamespace}
              onChange={checked => set({ adoptNamespace: checked })}
              disabled={disabled}
              label="Adopt the namespace if it exists (take over a namespace Berth did not create)"
            />
            <CheckboxField
              checked={draft.deploy}
              onChange={checked => set({ deploy: checked })}
              disabled={disabled}
              label="Deploy all services right away"
            />
          </Grid>
          {project.services.length > 0 && (
            <Grid item xs={12}>
              <Button
                size="small"
                onClick={() => set({ showOverrides: !draft.showOverrides })}
                aria-expanded={draft.showOverrides}
              >
                {draft.showOverrides
                  ? 'Hide per-service overrides'
                  : 'Per-service overrides (optional)'}
              </Button>
            </Grid>
          )}
          {draft.showOverrides &&
            project.services.map(service => {
              const override = draft.services[service.name] ?? emptyOverride;
              const serviceErrors = errors.services?.[service.name] ?? {};
              return (
                <Grid
                  item
                  xs={12}
                  key={service.name}
                  role="group"
                  aria-label={`Overrides of ${service.name}`}
                >
                  <Typography variant="subtitle2">{service.name}</Typography>
                  <TextField
                    id={`${id}-${service.name}-revision`}
                    label={`Revision of ${service.name}`}
                    value={override.revision}
                    onChange={e =>
                      setOverride(service.name, { revision: e.target.value })
                    }
                    type="number"
                    margin="dense"
                    disabled={disabled}
                    placeholder={String(service.latestRevision)}
                    error={Boolean(serviceErrors.revision)}
                    helperText={
                      serviceErrors.revision ??
                      `Defaults to the latest, ${service.latestRevision}`
                    }
                    inputProps={{ min: 1, max: service.latestRevision }}
                  />
                  {service.kind === 'manifests' && (
                    <YamlField
                      label={`Variables of ${service.name} (YAML)`}
                      value={override.variables}
                      onChange={variables =>
                        setOverride(service.name, { variables })
                      }
                      disabled={disabled}
                      error={serviceErrors.variables}
                      helperText="Values of the service's variables, e.g. replicas: 2"
                      rows={2}
                    />
                  )}
                  {service.kind === 'helm' && (
                    <>
                      <YamlField
                        label={`Values of ${service.name} (YAML)`}
                        value={override.values}
                        onChange={values =>
                          setOverride(service.name, { values })
                        }
                        disabled={disabled}
                        error={serviceErrors.values}
                        rows={2}
                      />
                      <ImageOverridesField
                        label={`Image overrides of ${service.name}`}
                        value={override.images}
                        onChange={images =>
                          setOverride(service.name, { images })
                        }
                        disabled={disabled}
                      />
                    </>
                  )}
                </Grid>
              );
            })}
        </Grid>
      </Box>
    </Paper>
  );
};
