import { Config } from '@backstage/config';
import {
  HostAllowlist,
  OutboundGuard,
  readAllowAddresses,
} from '../../outbound';

/** The config key listing the hosts workflow webhooks may reach. */
export const WEBHOOK_HOSTS_KEY = 'berth.workflows.notifications.webhookHosts';

/**
 * The outbound policy of workflow webhooks: hosts listed in
 * `berth.workflows.notifications.webhookHosts` (`host`, `host:port`,
 * `*.domain`, `*`; default none, so no webhook is sent), addresses as every
 * outbound request (`berth.outbound.allowAddresses`).
 */
export function readWebhookGuard(config: Config): OutboundGuard {
  return new OutboundGuard({
    hosts: new HostAllowlist(
      config.getOptionalStringArray(WEBHOOK_HOSTS_KEY) ?? [],
    ),
    addresses: readAllowAddresses(config),
    hostsKey: WEBHOOK_HOSTS_KEY,
  });
}
