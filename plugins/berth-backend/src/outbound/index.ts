export {
  AddressAllowlist,
  FORBIDDEN_RANGES,
  forbiddenKind,
  parseCidr,
} from './addressRanges';
export { HostAllowlist } from './hostAllowlist';
export { readAllowAddresses } from './outboundConfig';
export {
  isOutboundRefusal,
  MAX_REDIRECTS,
  OutboundGuard,
} from './OutboundGuard';
export type { OutboundRequest, OutboundResponse } from './OutboundGuard';
