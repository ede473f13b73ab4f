import { useTranslationRef } from '@backstage/core-plugin-api/alpha';
import { WarningPanel } from '@backstage/core-components';
import { BerthSandbox } from '@berth/plugin-berth-common';
import Typography from '@material-ui/core/Typography';
import { berthTranslationRef } from '../../../translation';

/**
 * Why the sandbox failed (or what its last operation said), and what the
 * routing driver could not route.
 */
export const SandboxProblems = (props: { sandbox: BerthSandbox }) => {
  const { t } = useTranslationRef(berthTranslationRef);
  const { sandbox } = props;
  return (
    <>
      {sandbox.message &&
        (sandbox.status === 'failed' ? (
          <WarningPanel
            severity="error"
            title={t('sandboxes.statuses.failed')}
            message={sandbox.message}
            defaultExpanded
          />
        ) : (
          <Typography variant="body2" paragraph>
            {sandbox.message}
          </Typography>
        ))}
      {sandbox.warnings.length > 0 && (
        <WarningPanel
          severity="warning"
          title={t('sandboxes.page.warnings')}
          defaultExpanded
        >
          <ul aria-label={t('sandboxes.page.warnings')}>
            {sandbox.warnings.map(warning => (
              <li key={warning}>{warning}</li>
            ))}
          </ul>
        </WarningPanel>
      )}
    </>
  );
};
