import { InfoCard } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
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
import { errorMessage } from '../../../lib/errors';
import { valuesYamlProblem } from '../../../lib/yaml';
import { UnifiedDiff } from '../../deployments/DeploymentHistoryDiff';
import { SecretValueControl } from '../ValuesEditor';
import { YamlField } from '../../common/YamlField';

const PreviewList = ({ preview }: { preview: ValuesChangePreview }) => (
  <Box mt={2} aria-label="Values change preview" role="region">
    <Typography variant="subtitle1" component="h3">
      {preview.changed.length === 0
        ? 'No service changes: the merged values of every service stay the same.'
        : `${preview.changed.length} service${
            preview.changed.length === 1 ? '' : 's'
          } would change`}
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
            <UnifiedDiff diff={c.diff} label={`values of ${c.service}`} />
          </Box>
        </AccordionDetails>
      </Accordion>
    ))}
    {preview.unchanged.length > 0 && (
      <Box mt={1}>
        <Typography variant="body2" color="textSecondary">
          Unchanged: {preview.unchanged.join(', ')}
        </Typography>
      </Box>
    )}
  </Box>
);

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
  const berthApi = useApi(berthApiRef);
  const announce = useAnnounceOperation();
  const [values, setValues] = useState(environment.values);
  const [preview, setPreview] = useState<ValuesChangePreview>();
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<string>();
  const problem = valuesYamlProblem(values);

  const edit = (text: string) => {
    setValues(text);
    setPreview(undefined);
  };

  const run = async (work: () => Promise<void>) => {
    setSending(true);
    setError(undefined);
    try {
      await work();
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setSending(false);
    }
  };

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
      let message = 'Saved the values; they apply at the next deploy';
      if (redeploy) {
        message = redeploying.length
          ? `Saved the values; redeploying ${redeploying.join(', ')}`
          : 'Saved the values; no service needed a redeploy';
      }
      setPreview(undefined);
      props.onChanged();
      await announce(result.operation, message);
    });

  const unchangedText = values === environment.values;
  return (
    <InfoCard title="Environment values">
      <Typography variant="body2" paragraph>
        Helm values for every service of {environment.name}, over the
        project&apos;s and under each service&apos;s own. Preview shows which
        services&apos; merged values change; applying redeploys only those.
      </Typography>
      <YamlField
        label="Environment values (YAML)"
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
          Preview
        </Button>
        {canUpdate && canDeploy && (
          <Button
            variant="contained"
            color="primary"
            onClick={() => apply(true)}
            disabled={sending || Boolean(problem) || !preview}
          >
            {preview
              ? `Apply and redeploy ${preview.changed.length} service${
                  preview.changed.length === 1 ? '' : 's'
                }`
              : 'Apply (preview first)'}
          </Button>
        )}
        {canUpdate && (
          <Button
            onClick={() => apply(false)}
            disabled={sending || Boolean(problem) || unchangedText}
          >
            Save without redeploying
          </Button>
        )}
      </Box>
      {!canUpdate && (
        <Box mt={1}>
          <Typography variant="caption" color="textSecondary">
            Changing the values needs the permission to update the environment.
          </Typography>
        </Box>
      )}
      {preview && <PreviewList preview={preview} />}
    </InfoCard>
  );
};
