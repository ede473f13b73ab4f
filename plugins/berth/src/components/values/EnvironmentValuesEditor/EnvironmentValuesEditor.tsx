import { InfoCard } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { useTranslationRef } from '@backstage/core-plugin-api/alpha';
import {
  BerthEnvironment,
  ValuesChangePreview,
} from '@berth/plugin-berth-common';
import Accordion from '@material-ui/core/Accordion';
import AccordionDetails from '@material-ui/core/AccordionDetails';
import AccordionSummary from '@material-ui/core/AccordionSummary';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Typography from '@material-ui/core/Typography';
import ExpandMoreIcon from '@material-ui/icons/ExpandMore';
import { useState } from 'react';
import { berthApiRef } from '../../../api';
import { useAnnounceOperation } from '../../../hooks/useAnnounceOperation';
import { useBerthAction } from '../../../hooks/useBerthAction';
import { berthTranslationRef } from '../../../translation';
import { valuesYamlProblem } from '../../../lib/yaml';
import { UnifiedDiff } from '../../deployments/DeploymentHistoryDiff';
import { SecretValueControl } from '../ValuesEditor';
import { YamlField } from '../../common/YamlField';
import { Note } from '../../common/Note';

const PreviewList = ({ preview }: { preview: ValuesChangePreview }) => {
  const { t } = useTranslationRef(berthTranslationRef);
  const n = preview.changed.length;
  let heading: string = t('environmentValues.wouldChange', { n: String(n) });
  if (n === 0) heading = t('environmentValues.noChanges');
  if (n === 1) heading = t('environmentValues.oneWouldChange');
  return (
    <Box mt={2} aria-label={t('environmentValues.preview')} role="region">
      <Typography variant="subtitle1" component="h3">
        {heading}
      </Typography>
      {preview.changed.map(c => (
        <Accordion key={c.service} TransitionProps={{ unmountOnExit: true }}>
          <AccordionSummary expandIcon={<ExpandMoreIcon />}>
            <Typography variant="body2">
              <strong>{c.service}</strong>
            </Typography>
          </AccordionSummary>
          <AccordionDetails>
            <Box width="100%">
              <UnifiedDiff
                diff={c.diff}
                label={t('environmentValues.valuesOf', { service: c.service })}
              />
            </Box>
          </AccordionDetails>
        </Accordion>
      ))}
      {preview.unchanged.length > 0 && (
        <Box mt={1}>
          <Note>
            {t('environmentValues.unchanged', {
              services: preview.unchanged.join(', '),
            })}
          </Note>
        </Box>
      )}
    </Box>
  );
};

/**
 * The environment-wide values: edit, preview which services' merged values
 * change (with diffs), and apply, redeploying only those services.
 */
export const EnvironmentValuesEditor = (props: {
  environment: BerthEnvironment;
  canUpdate: boolean;
  canDeploy: boolean;
  onChanged: () => void;
}) => {
  const { environment, canUpdate, canDeploy } = props;
  const { t } = useTranslationRef(berthTranslationRef);
  const berthApi = useApi(berthApiRef);
  const announce = useAnnounceOperation();
  const [values, setValues] = useState(environment.values);
  const [preview, setPreview] = useState<ValuesChangePreview>();
  const problem = valuesYamlProblem(values, t);

  const edit = (text: string) => {
    setValues(text);
    setPreview(undefined);
  };

  const { run, sending, error } = useBerthAction((work: () => Promise<void>) =>
    work(),
  );

  const showPreview = () =>
    run(async () => {
      setPreview(
        await berthApi.previewEnvironmentValues(environment.id, values),
      );
    });

  const apply = (redeploy: boolean) =>
    run(async () => {
      const result = await berthApi.setEnvironmentValues(
        environment.id,
        values,
        { redeploy },
      );
      const redeploying = result.valuesChange?.redeploying ?? [];
      let message: string = t('environmentValues.savedForNextDeploy');
      if (redeploy) {
        message = redeploying.length
          ? t('environmentValues.savedRedeploying', {
              services: redeploying.join(', '),
            })
          : t('environmentValues.savedNoRedeploy');
      }
      setPreview(undefined);
      props.onChanged();
      await announce(result.operation, message);
    });

  const unchangedText = values === environment.values;
  let applyLabel: string = t('environmentValues.applyPreviewFirst');
  if (preview) {
    applyLabel =
      preview.changed.length === 1
        ? t('environmentValues.applyOne')
        : t('environmentValues.apply', {
            n: String(preview.changed.length),
          });
  }
  return (
    <InfoCard title={t('environmentValues.title')}>
      <Typography variant="body2" paragraph>
        {t('environmentValues.explanation', { name: environment.name })}
      </Typography>
      <YamlField
        label={t('environmentValues.label')}
        value={values}
        onChange={edit}
        disabled={!canUpdate || sending}
        rows={6}
      />
      <SecretValueControl
        value={values}
        onChange={edit}
        disabled={!canUpdate || sending}
      />
      {error && (
        <Box mt={1} role="alert">
          <Typography color="error">{error}</Typography>
        </Box>
      )}
      <Box mt={1} display="flex" style={{ gap: 8 }}>
        <Button
          variant="outlined"
          onClick={showPreview}
          disabled={sending || Boolean(problem)}
        >
          {t('environmentValues.previewButton')}
        </Button>
        {canUpdate && canDeploy && (
          <Button
            variant="contained"
            color="primary"
            onClick={() => apply(true)}
            disabled={sending || Boolean(problem) || !preview}
          >
            {applyLabel}
          </Button>
        )}
        {canUpdate && (
          <Button
            onClick={() => apply(false)}
            disabled={sending || Boolean(problem) || unchangedText}
          >
            {t('environmentValues.saveOnly')}
          </Button>
        )}
      </Box>
      {!canUpdate && (
        <Box mt={1}>
          <Typography variant="caption" color="textSecondary">
            {t('environmentValues.needsPermission')}
          </Typography>
        </Box>
      )}
      {preview && <PreviewList preview={preview} />}
    </InfoCard>
  );
};
