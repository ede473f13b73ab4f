import { useTranslationRef } from '@backstage/core-plugin-api/alpha';
import { Header, HeaderLabel } from '@backstage/core-components';
import { useRouteRef } from '@backstage/core-plugin-api';
import { BerthSandbox } from '@berth/plugin-berth-common';
import { refName } from '../../../lib/refs';
import { formatTime } from '../../../lib/time';
import { rootRouteRef } from '../../../routes';
import { berthTranslationRef } from '../../../translation';
import { SandboxStatusChip } from '../common/SandboxStatusChip';
import { useSandboxLinks } from '../common/links';

/** The header of a sandbox's page: its base (a link), where it runs, its owner, expiry, routing and status. */
export const SandboxHeader = (props: { sandbox: BerthSandbox }) => {
  const { sandbox } = props;
  const { t } = useTranslationRef(berthTranslationRef);
  const links = useSandboxLinks();
  const rootLink = useRouteRef(rootRouteRef);
  const labels: Array<[string, string]> = [
    [t('sandboxes.page.labels.cluster'), sandbox.cluster],
    [t('sandboxes.page.labels.namespace'), sandbox.namespace],
    [t('sandboxes.page.labels.owner'), refName(sandbox.createdBy)],
    [t('sandboxes.page.labels.expires'), formatTime(sandbox.expiresAt)],
    [t('sandboxes.page.labels.routing'), sandbox.routingDriver],
  ];
  return (
    <Header
      title={sandbox.name}
      subtitle={t('sandboxes.page.subtitle', {
        base: sandbox.baseEnvironmentName,
      })}
      type="Berth"
      typeLink={rootLink()}
    >
      <HeaderLabel
        label={t('sandboxes.page.labels.base')}
        value={sandbox.baseEnvironmentName}
        url={links.environment(sandbox.baseEnvironmentId)}
      />
      {labels.map(([label, value]) => (
        <HeaderLabel key={label} label={label} value={value} />
      ))}
      <HeaderLabel
        label={t('sandboxes.page.labels.status')}
        value={
          <SandboxStatusChip
            status={sandbox.status}
            message={sandbox.message}
          />
        }
      />
    </Header>
  );
};
