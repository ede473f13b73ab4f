import { useTranslationRef } from '@backstage/core-plugin-api/alpha';
import { InfoCard, ResponseErrorPanel } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import {
  BerthEnvironment,
  EnvironmentRegistry,
} from '@berth/plugin-berth-common';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import { SelectInput } from '../../common/FormFields';
import Typography from '@material-ui/core/Typography';
import { useEffect, useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { berthApiRef } from '../../../api';
import { useBerthAction } from '../../../hooks/useBerthAction';
import { BerthTranslate, berthTranslationRef } from '../../../translation';
import { useSuccessAlert } from '../../../hooks/useSuccessAlert';

const CLUSTER_DEFAULT = '';

function describeRegistry(
  t: BerthTranslate,
  registry: EnvironmentRegistry,
  environment: BerthEnvironment,
): string {
  const effective = registry.effective;
  if (!effective) return t('registry.none');
  const values = {
    name: effective.name,
    host: effective.host,
    source:
      registry.source === 'environment'
        ? t('registry.ofEnvironment')
        : t('registry.ofCluster', { cluster: environment.cluster }),
    secret: effective.pullSecretName ?? '',
    namespace: environment.namespace,
  };
  return effective.hasCredentials
    ? t('registry.effectiveWithSecret', values)
    : t('registry.effective', values);
}

/**
 * The image registry of an environment: its cluster's default, or an
 * override of its own; Berth keeps the registry's pull secret in the
 * namespace on every deploy.
 */
export const EnvironmentRegistryCard = (props: {
  environment: BerthEnvironment;
  canUpdate: boolean;
}) => {
  const { environment, canUpdate } = props;
  const { t } = useTranslationRef(berthTranslationRef);
  const berthApi = useApi(berthApiRef);
  const notifySuccess = useSuccessAlert();
  const registries = useAsync(() => berthApi.listRegistries(), [berthApi]);
  const current = useAsyncRetry(
    () => berthApi.getEnvironmentRegistry(environment.id),
    [berthApi, environment.id],
  );
  const [choice, setChoice] = useState(CLUSTER_DEFAULT);
  useEffect(
    () => setChoice(current.value?.override ?? CLUSTER_DEFAULT),
    [current.value],
  );

  const {
    run: save,
    sending,
    error,
  } = useBerthAction(async () => {
    await berthApi.setEnvironmentRegistry(
      environment.id,
      choice === CLUSTER_DEFAULT ? null : choice,
    );
    notifySuccess(t('registry.saved'));
    current.retry();
  });

  const clusterDefault = registries.value?.find(r =>
    r.defaultForClusters.includes(environment.cluster),
  );
  return (
    <InfoCard title={t('registry.title')}>
      {(current.error || registries.error) && (
        <ResponseErrorPanel error={(current.error ?? registries.error)!} />
      )}
      <Typography variant="body2" paragraph aria-label={t('registry.inEffect')}>
        {current.value
          ? describeRegistry(t, current.value, environment)
          : t('registry.loading')}
      </Typography>
      <SelectInput
        id="berth-environment-registry"
        label={t('registry.registry')}
        value={choice}
        onChange={setChoice}
        disabled={!canUpdate || sending || !registries.value}
        minWidth={320}
        placeholder={t('registry.clusterDefault', {
          name: clusterDefault?.name ?? t('registry.noDefault'),
        })}
        options={(registries.value ?? []).map(r => ({
          value: r.name,
          label: `${r.name} (${r.host})`,
        }))}
      />
      {error && (
        <Box mt={1} role="alert">
          <Typography color="error">
            {t('registry.failed', { error })}
          </Typography>
        </Box>
      )}
      {canUpdate ? (
        <Box mt={1}>
          <Button
            variant="outlined"
            color="primary"
            onClick={save}
            disabled={
              sending ||
              !current.value ||
              choice === (current.value.override ?? CLUSTER_DEFAULT)
            }
          >
            {t('registry.save')}
          </Button>
        </Box>
      ) : (
        <Typography variant="caption" color="textSecondary" component="div">
          {t('registry.needsPermission')}
        </Typography>
      )}
    </InfoCard>
  );
};
