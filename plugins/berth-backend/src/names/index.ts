export { assertDnsLabel, assertDnsSubdomain } from './dnsNames';
export {
  RESERVED_NAMESPACES,
  assertUsableNamespace,
  defaultNamespace,
} from './namespaces';
