import { useApi } from '@backstage/core-plugin-api';
import { useTranslationRef } from '@backstage/core-plugin-api/alpha';
import {
  BerthService,
  EnvironmentServiceSettings,
} from '@berth/plugin-berth-common';
import Box from '@material-ui/core/Box';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import { useState } from 'react';
import { parse, stringify } from 'yaml';
import { berthApiRef } from '../../../api';
import { useAnnounceOperation } from '../../../hooks/useAnnounceOperation';
import { valuesYamlProblem } from '../../../lib/yaml';
import {
  ImageOverridesField,
  imageOverridesFrom,
  imageOverridesProblem,
  imageOverridesTo,
} from '../ImageOverridesField';
import { YamlField } from '../../common/YamlField';
import { ActionDialog } from '../../common/ActionDialog';
import { useBerthAction } from '../../../hooks/useBerthAction';
import { BerthTranslate, berthTranslationRef } from '../../../translation';

function revisionProblem(
  t: BerthTranslate,
  text: string,
  latest?: number,
): string | undefined {
  if (!text.trim()) return t('deployService.giveRevision');
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1) return t('deployService.wholeNumber');
  if (latest !== undefined && n > latest) {
    return t('deployService.latest', { revision: String(latest) });
  }
  return undefined;
}

/**
 * Deploys or updates one service of an environment: its revision, values and
 * image overrides (variables for a manifests service). Without the update
 * permission the settings cannot be changed and the service is redeployed as
 * it is.
 */
export const DeployServiceDialog = (props: {
  open: boolean;
  environmentId: string;
  service: string;
  kind?: BerthService['kind'];
  latestRevision?: number;
  settings: EnvironmentServiceSettings;
  canUpdate: boolean;
  onClose: () => void;
  onDeployed: () => void;
}) => {
  const { settings, canUpdate, latestRevision } = props;
  const { t } = useTranslationRef(berthTranslationRef);
  const berthApi = useApi(berthApiRef);
  const announce = useAnnounceOperation();
  const [revision, setRevision] = useState(
    String(settings.revision ?? latestRevision ?? ''),
  );
  const [values, setValues] = useState(settings.values ?? '');
  const [images, setImages] = useState(imageOverridesFrom(settings.images));
  const [variables, setVariables] = useState(
    settings.variables && Object.keys(settings.variables).length
      ? stringify(settings.variables)
      : '',
  );
  const isManifests = props.kind === 'manifests';

  const problems = canUpdate
    ? [
        revisionProblem(t, revision, latestRevision),
        valuesYamlProblem(isManifests ? variables : values, t),
        isManifests ? undefined : imageOverridesProblem(images, t),
      ].filter(Boolean)
    : [];

  const request = (): EnvironmentServiceSettings => {
    if (!canUpdate) return {};
    if (isManifests) {
      return {
        revision: Number(revision),
        variables: variables.trim() ? parse(variables) : {},
      };
    }
    return {
      revision: Number(revision),
      values,
      images: imageOverridesTo(images) ?? {},
    };
  };

  const deployAction = useBerthAction(
    async () => {
      const { operation } = await berthApi.deployService(
        props.environmentId,
        props.service,
        request(),
      );
      props.onDeployed();
      props.onClose();
      await announce(
        operation,
        t('deployService.deploying', { service: props.service }),
      );
    },
    { closes: true },
  );

  const { sending } = deployAction;
  return (
    <ActionDialog
      id="berth-deploy-service"
      open={props.open}
      onClose={props.onClose}
      size="md"
      title={t('deployService.title', { service: props.service })}
      action={deployAction}
      failed={t('deployService.failed')}
      confirmLabel={t('deployService.confirm')}
      disabled={problems.length > 0}
    >
      {!canUpdate && (
        <Typography variant="body2" paragraph>
          {t('deployService.redeployOnly', { service: props.service })}
        </Typography>
      )}
      <TextField
        id="berth-deploy-revision"
        label={t('deployService.revision')}
        type="number"
        value={revision}
        onChange={e => setRevision(e.target.value)}
        disabled={!canUpdate || sending}
        margin="dense"
        error={
          canUpdate && Boolean(revisionProblem(t, revision, latestRevision))
        }
        helperText={
          (canUpdate && revisionProblem(t, revision, latestRevision)) ||
          (latestRevision !== undefined
            ? t('deployService.latest', { revision: String(latestRevision) })
            : undefined)
        }
        inputProps={{ min: 1, max: latestRevision }}
      />
      {isManifests ? (
        <YamlField
          label={t('deployService.variables')}
          value={variables}
          onChange={setVariables}
          disabled={!canUpdate || sending}
          rows={4}
        />
      ) : (
        <>
          <YamlField
            label={t('deployService.values')}
            value={values}
            onChange={setValues}
            disabled={!canUpdate || sending}
            helperText={t('deployService.valuesHint')}
            rows={6}
          />
          <Box mt={1}>
            <ImageOverridesField
              value={images}
              onChange={setImages}
              disabled={!canUpdate || sending}
            />
          </Box>
        </>
      )}
    </ActionDialog>
  );
};
