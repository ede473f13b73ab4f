import { Config } from '@backstage/config';
import { AddressAllowlist } from './addressRanges';

/**
 * `berth.outbound.allowAddresses`: forbidden addresses (loopback, private,
 * link-local, ...) that outbound fetches may reach all the same, as IP
 * addresses or CIDR ranges. Default: none.
 */
export function readAllowAddresses(config: Config): AddressAllowlist {
  return new AddressAllowlist(
    config.getOptionalStringArray('berth.outbound.allowAddresses') ?? [],
  );
}
