import { useApi } from '@backstage/core-plugin-api';
import {
  BerthEnvironment,
  CopyEnvironmentRequest,
  CopyEnvironmentResponse,
  EnvironmentServiceSettings,
} from '@berth/plugin-berth-common';
import { useTranslationRef } from '@backstage/core-plugin-api/alpha';
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
  EnvironmentFields,
  EnvironmentFieldsValue,
} from '../EnvironmentFields';
import { useClusters } from '../../../hooks/useClusters';
import { useBerthAction } from '../../../hooks/useBerthAction';
import {
  BerthTranslate,
  berthTranslationRef,
  englishBerthT,
} from '../../../translation';

/**
 * Why a text is not usable as per-service overrides of a copy: a YAML
 * mapping of service names (of the source) to settings.
 */
export function serviceOverridesProblem(
  text: string,
  services: string[],
  t: BerthTranslate = englishBerthT,
): string | undefined {
  const problem = valuesYamlProblem(text, t);
  if (problem) return problem;
  const parsed = (text.trim() ? parse(text) : {}) ?? {};
  for (const [service, settings] of Object.entries(parsed)) {
    if (!services.includes(service)) {
      return t('copyEnvironment.noSuchService', { service });
    }
    if (
      typeof settings !== 'object' ||
      settings === null ||
      Array.isArray(settings)
    ) {
      return t('copyEnvironment.overridesNotMapping', { service });
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
  const { t } = useTranslationRef(berthTranslationRef);
  const berthApi = useApi(berthApiRef);
  const clusters = useClusters();
  const projectName = refName(source.projectRef);
  const [fields, setFields] = useState<EnvironmentFieldsValue>({
    name: '',
    namespace: '',
    cluster: source.cluster,
    tier: source.tier === 'production' ? 'staging' : source.tier,
    values: source.values,
    adoptNamespace: false,
    deploy: true,
  });
  const [namespaceEdited, setNamespaceEdited] = useState(false);
  const [overrides, setOverrides] = useState('');
  const { name } = fields;

  const services = Object.keys(source.services);
  const defaultedNamespace = name ? defaultNamespace(projectName, name) : '';
  const shownNamespace = namespaceEdited
    ? fields.namespace
    : defaultedNamespace;
  const problems = {
    name: name
      ? dnsLabelProblem(name, t('environmentFields.name'), t)
      : undefined,
    namespace: shownNamespace ? namespaceProblem(shownNamespace, t) : undefined,
    values: valuesYamlProblem(fields.values, t),
    overrides: serviceOverridesProblem(overrides, services, t),
  };
  const invalid = !name || Object.values(problems).some(Boolean);

  const copyAction = useBerthAction(
    async () => {
      const request: CopyEnvironmentRequest = {
        name,
        cluster: fields.cluster,
        tier: fields.tier,
        values: fields.values,
        adoptNamespace: fields.adoptNamespace,
        deploy: fields.deploy,
      };
      if (namespaceEdited) request.namespace = fields.namespace;
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
      title={t('copyEnvironment.title', { name: source.name })}
      action={copyAction}
      failed={t('copyEnvironment.failed')}
      confirmLabel={t('copyEnvironment.confirm')}
      disabled={invalid}
    >
      <Typography variant="body2" paragraph>
        {t('copyEnvironment.explanation', { name: source.name })}
      </Typography>
      {source.tier === 'production' && (
        <Typography
          variant="body2"
          paragraph
          color={props.canCopyProduction ? 'textSecondary' : 'error'}
        >
          {props.canCopyProduction
            ? t('copyEnvironment.production', { name: source.name })
            : t('copyEnvironment.productionRefused', { name: source.name })}
        </Typography>
      )}
      <Grid container spacing={2}>
        <EnvironmentFields
          id="berth-copy"
          projectName={projectName}
          value={{ ...fields, namespace: shownNamespace }}
          onChange={change => {
            if (change.namespace !== undefined) setNamespaceEdited(true);
            setFields(current => ({ ...current, ...change }));
          }}
          problems={problems}
          clusterOptions={(clusters.value ?? [{ name: source.cluster }]).map(
            c => ({
              value: c.name,
              label: `${'title' in c && c.title ? c.title : c.name}${
                c.name === source.cluster
                  ? t('copyEnvironment.sameCluster')
                  : ''
              }`,
            }),
          )}
          clusterHint={
            clusters.error
              ? t('copyEnvironment.clustersFailed', {
                  error: errorMessage(clusters.error),
                })
              : undefined
          }
          hints={{
            name: t('copyEnvironment.nameHint'),
            values: t('copyEnvironment.valuesHint', { name: source.name }),
            adoptNamespace: t('copyEnvironment.adoptNamespace'),
          }}
          disabled={sending}
        >
          <Grid item xs={12}>
            <YamlField
              label={t('copyEnvironment.overrides')}
              value={overrides}
              onChange={setOverrides}
              disabled={sending}
              error={problems.overrides}
              helperText={t('copyEnvironment.overridesHint')}
            />
          </Grid>
        </EnvironmentFields>
      </Grid>
    </ActionDialog>
  );
};
