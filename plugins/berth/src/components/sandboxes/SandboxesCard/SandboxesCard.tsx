import { useTranslationRef } from '@backstage/core-plugin-api/alpha';
import { BerthEnvironment, SandboxReadiness } from '@berth/plugin-berth-common';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Grid from '@material-ui/core/Grid';
import Tooltip from '@material-ui/core/Tooltip';
import AddIcon from '@material-ui/icons/Add';
import { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { useAnnounceOperation } from '../../../hooks/useAnnounceOperation';
import { useEnvironmentSandboxes } from '../../../hooks/useEnvironmentSandboxes';
import { useSandboxCreatePermission } from '../../../hooks/useSandboxCreatePermission';
import { useSandboxReadiness } from '../../../hooks/useSandboxReadiness';
import { berthTranslationRef } from '../../../translation';
import { useSandboxLinks } from '../common/links';
import { CreateSandboxDialog } from '../CreateSandboxDialog';
import { SandboxesTable } from '../SandboxesTable';
import { SandboxReadinessPanel } from './SandboxReadinessPanel';

/** The checks of a base that is not ready, by name, or undefined when it is (or is not known). */
function missingChecks(readiness?: SandboxReadiness): string | undefined {
  if (!readiness || readiness.ready) return undefined;
  return readiness.checks
    .filter(c => !c.ok)
    .map(c => c.name)
    .join(', ');
}

/**
 * The sandboxes of a base environment, on its page: whether it takes
 * sandboxes (the readiness checks), its sandboxes, and Create sandbox for
 * users the permission framework does not deny it (disabled, saying what is
 * missing, while the base is not ready).
 */
export const SandboxesCard = (props: {
  environment: BerthEnvironment;
  /** The services deployed in the base, which can be forked. */
  services: string[];
}) => {
  const { environment } = props;
  const { t } = useTranslationRef(berthTranslationRef);
  const sandboxes = useEnvironmentSandboxes(environment.id);
  const readiness = useSandboxReadiness(environment.id);
  const canCreate = useSandboxCreatePermission().allowed;
  const announce = useAnnounceOperation();
  const navigate = useNavigate();
  const links = useSandboxLinks();
  const [creating, setCreating] = useState(false);
  const missing = missingChecks(readiness.value);
  const notReady = missing
    ? t('sandboxes.list.notReady', { missing })
    : undefined;
  return (
    <Grid container spacing={3}>
      <Grid item xs={12} md={8}>
        <SandboxesTable
          title={t('sandboxes.list.title')}
          subtitle={t('sandboxes.list.subtitle', { base: environment.name })}
          result={sandboxes}
          empty={t('sandboxes.list.empty')}
        />
        {canCreate && (
          <Box mt={1}>
            <Tooltip title={notReady ?? ''}>
              <span>
                <Button
                  variant="outlined"
                  color="primary"
                  startIcon={<AddIcon />}
                  disabled={Boolean(notReady) || readiness.loading}
                  onClick={() => setCreating(true)}
                >
                  {t('sandboxes.list.create')}
                </Button>
              </span>
            </Tooltip>
          </Box>
        )}
      </Grid>
      <Grid item xs={12} md={4}>
        <SandboxReadinessPanel result={readiness} />
      </Grid>
      {creating && (
        <CreateSandboxDialog
          environment={environment}
          services={props.services}
          ttl={readiness.value?.ttl}
          onClose={() => setCreating(false)}
          onCreated={({ sandbox, operation }) => {
            announce(
              operation,
              t('sandboxes.create.creating', { name: sandbox.name }),
            );
            navigate(links.sandbox(sandbox.id));
          }}
        />
      )}
    </Grid>
  );
};
