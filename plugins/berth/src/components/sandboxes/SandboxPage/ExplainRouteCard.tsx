import { useTranslationRef } from '@backstage/core-plugin-api/alpha';
import { InfoCard } from '@backstage/core-components';
import { RouteExplanation } from '@berth/plugin-berth-common';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import { useState } from 'react';
import { useBerthAction } from '../../../hooks/useBerthAction';
import { berthTranslationRef } from '../../../translation';
import { ActionError } from '../../common/DialogActionsRow';
import { SelectInput, TextInput } from '../../common/FormFields';
import { useSandboxesApi } from '../api';
import {
  emptyExplainDraft,
  EXPLAIN_METHODS,
  ExplainDraft,
  explainHeadersProblem,
  toExplainRequest,
} from './explainDraft';

/** The backend's answer: where the request goes, why, and every rule that matched. */
const Explanation = (props: { answer: RouteExplanation }) => {
  const { t } = useTranslationRef(berthTranslationRef);
  const { answer } = props;
  return (
    <Box mt={2} role="region" aria-label={t('sandboxes.explain.backend')}>
      <Typography variant="body2">
        <strong>{t('sandboxes.explain.backend')}:</strong> {answer.backend}
      </Typography>
      <Typography variant="body2">
        <strong>{t('sandboxes.explain.sandbox')}:</strong>{' '}
        {answer.sandbox ?? t('sandboxes.explain.base')}
      </Typography>
      <Typography variant="body2">
        <strong>{t('sandboxes.explain.reason')}:</strong> {answer.reason}
      </Typography>
      <Typography variant="subtitle2" style={{ marginTop: 8 }}>
        {t('sandboxes.explain.matched')}
      </Typography>
      {answer.matched && answer.matched.length > 0 ? (
        <ol aria-label={t('sandboxes.explain.matched')}>
          {answer.matched.map((rule, i) => (
            <li key={i}>
              <Typography variant="body2" style={{ fontFamily: 'monospace' }}>
                {rule}
              </Typography>
            </li>
          ))}
        </ol>
      ) : (
        <Typography variant="body2">
          {t('sandboxes.explain.noneMatched')}
        </Typography>
      )}
    </Box>
  );
};

/**
 * Explain route: for a service of the base and the headers of a request
 * (the sandbox's key to start with), which backend it reaches and why.
 */
export const ExplainRouteCard = (props: {
  baseEnvironmentId: string;
  baseName: string;
  /** The services of the base, the sandbox's forks first. */
  services: string[];
  /** The headers the form starts with, e.g. `x-env: alice`. */
  headers: string;
}) => {
  const { t } = useTranslationRef(berthTranslationRef);
  const api = useSandboxesApi();
  const [draft, setDraft] = useState<ExplainDraft>(() =>
    emptyExplainDraft(props.services[0] ?? '', props.headers),
  );
  const [answer, setAnswer] = useState<RouteExplanation>();
  const explain = useBerthAction(async () => {
    setAnswer(undefined);
    setAnswer(
      await api.explainRoute(props.baseEnvironmentId, toExplainRequest(draft)),
    );
  });
  const update = (change: Partial<ExplainDraft>) => {
    explain.clearError();
    setDraft(current => ({ ...current, ...change }));
  };
  const headersProblem = explainHeadersProblem(draft.headers, t);
  return (
    <InfoCard title={t('sandboxes.explain.title')}>
      <Typography variant="body2" paragraph>
        {t('sandboxes.explain.intro', { base: props.baseName })}
      </Typography>
      <SelectInput
        id="explain-route-service"
        label={t('sandboxes.explain.service')}
        value={draft.service}
        onChange={service => update({ service })}
        options={props.services.map(s => ({ value: s, label: s }))}
        required
      />
      <TextField
        id="explain-route-headers"
        label={t('sandboxes.explain.headers')}
        value={draft.headers}
        onChange={e => update({ headers: e.target.value })}
        multiline
        minRows={2}
        fullWidth
        variant="outlined"
        margin="dense"
        error={Boolean(headersProblem)}
        helperText={headersProblem ?? t('sandboxes.explain.headersHint')}
        inputProps={{ spellCheck: false, style: { fontFamily: 'monospace' } }}
      />
      <TextInput
        id="explain-route-path"
        label={t('sandboxes.explain.path')}
        value={draft.path}
        onChange={path => update({ path })}
        placeholder="/"
        margin="dense"
      />
      <TextInput
        id="explain-route-host"
        label={t('sandboxes.explain.host')}
        value={draft.host}
        onChange={host => update({ host })}
        hint={t('sandboxes.explain.hostHint')}
        margin="dense"
      />
      <SelectInput
        id="explain-route-method"
        label={t('sandboxes.explain.method')}
        value={draft.method}
        onChange={method => update({ method })}
        options={EXPLAIN_METHODS.map(m => ({ value: m, label: m }))}
        placeholder={t('sandboxes.explain.anyMethod')}
      />
      <Box mt={1}>
        <Button
          variant="outlined"
          color="primary"
          onClick={() => explain.run()}
          disabled={
            explain.sending || !draft.service || Boolean(headersProblem)
          }
        >
          {t('sandboxes.explain.submit')}
        </Button>
      </Box>
      <ActionError
        action={t('sandboxes.explain.failed')}
        error={explain.error}
      />
      {answer && <Explanation answer={answer} />}
    </InfoCard>
  );
};
