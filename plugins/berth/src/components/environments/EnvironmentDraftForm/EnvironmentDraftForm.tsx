import { BerthCluster, BerthProject } from '@berth/plugin-berth-common';
import { useTranslationRef } from '@backstage/core-plugin-api/alpha';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Grid from '@material-ui/core/Grid';
import IconButton from '@material-ui/core/IconButton';
import Paper from '@material-ui/core/Paper';
import Typography from '@material-ui/core/Typography';
import DeleteIcon from '@material-ui/icons/Delete';
import {
  DraftErrors,
  EnvironmentDraft,
  namespaceOf,
  ServiceOverrideDraft,
} from '../CreateEnvironmentDialog/drafts';
import { EnvironmentFields } from '../EnvironmentFields';
import { ServiceOverrideFields } from './ServiceOverrideFields';
import { BerthTranslate, berthTranslationRef } from '../../../translation';

const emptyOverride: ServiceOverrideDraft = {
  revision: '',
  values: '',
  images: [],
  variables: '',
};

function clusterLabel(t: BerthTranslate, cluster: BerthCluster): string {
  const name = cluster.title ?? cluster.name;
  const notes = [
    cluster.connection === 'Disconnected'
      ? t('environmentDraft.disconnected')
      : undefined,
    cluster.allowProduction ? undefined : t('environmentDraft.noProduction'),
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
  const { t } = useTranslationRef(berthTranslationRef);
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
  const title = t('environmentDraft.title', { n: String(props.index + 1) });
  const id = `berth-environment-${draft.key}`;

  return (
    <Paper variant="outlined" role="group" aria-label={title}>
      <Box p={2}>
        <Box display="flex" alignItems="center" justifyContent="space-between">
          <Typography variant="subtitle1">{title}</Typography>
          {props.onRemove && (
            <IconButton
              aria-label={t('environmentDraft.remove', {
                title: title.toLowerCase(),
              })}
              onClick={props.onRemove}
              disabled={disabled}
              size="small"
            >
              <DeleteIcon fontSize="small" />
            </IconButton>
          )}
        </Box>
        <Grid container spacing={2}>
          <EnvironmentFields
            id={id}
            projectName={project.name}
            value={{ ...draft, namespace: namespaceOf(draft, project) }}
            onChange={change =>
              set(
                change.namespace === undefined
                  ? change
                  : { ...change, namespaceEdited: true },
              )
            }
            problems={errors}
            clusterOptions={clusters.map(c => ({
              value: c.name,
              label: clusterLabel(t, c),
            }))}
            clusterRequired
            hints={{
              name: t('environmentDraft.nameHint'),
              values: t('environmentDraft.valuesHint'),
              adoptNamespace: t('environmentDraft.adoptNamespace'),
            }}
            disabled={disabled}
          />
          {project.services.length > 0 && (
            <Grid item xs={12}>
              <Button
                size="small"
                onClick={() => set({ showOverrides: !draft.showOverrides })}
                aria-expanded={draft.showOverrides}
              >
                {draft.showOverrides
                  ? t('environmentDraft.hideOverrides')
                  : t('environmentDraft.showOverrides')}
              </Button>
            </Grid>
          )}
          {draft.showOverrides &&
            project.services.map(service => (
              <ServiceOverrideFields
                key={service.name}
                id={id}
                service={service}
                override={draft.services[service.name] ?? emptyOverride}
                errors={errors.services?.[service.name] ?? {}}
                onChange={change => setOverride(service.name, change)}
                disabled={disabled}
              />
            ))}
        </Grid>
      </Box>
    </Paper>
  );
};
