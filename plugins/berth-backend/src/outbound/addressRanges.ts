import { BlockList, isIP, isIPv4 } from 'node:net';

/** A range of addresses the backend never connects to unless allowed. */
interface ForbiddenRange {
  cidr: string;
  /** What the range is, for messages: "a link-local address". */
  kind: string;
}

/**
 * Loopback, link-local (the cloud metadata service 169.254.169.254 among
 * them), private, shared, unspecified, multicast and reserved ranges: the
 * addresses through which a request made by the backend reaches the backend
 * host, its cluster or its cloud instead of the internet.
 */
export const FORBIDDEN_RANGES: ForbiddenRange[] = [
  { cidr: '0.0.0.0/8', kind: 'an unspecified ("this network")' },
  { cidr: '10.0.0.0/8', kind: 'a private' },
  { cidr: '100.64.0.0/10', kind: 'a shared (carrier-grade NAT)' },
  { cidr: '127.0.0.0/8', kind: 'a loopback' },
  { cidr: '169.254.0.0/16', kind: 'a link-local (cloud metadata)' },
  { cidr: '172.16.0.0/12', kind: 'a private' },
  { cidr: '192.0.0.0/24', kind: 'a reserved (IETF protocol)' },
  { cidr: '192.168.0.0/16', kind: 'a private' },
  { cidr: '198.18.0.0/15', kind: 'a reserved (benchmarking)' },
  { cidr: '224.0.0.0/4', kind: 'a multicast' },
  { cidr: '240.0.0.0/4', kind: 'a reserved' },
  { cidr: '::/128', kind: 'an unspecified' },
  { cidr: '::1/128', kind: 'a loopback' },
  { cidr: 'fc00::/7', kind: 'a private (unique local)' },
  { cidr: 'fe80::/10', kind: 'a link-local' },
  { cidr: 'ff00::/8', kind: 'a multicast' },
];

export type IpFamily = 'ipv4' | 'ipv6';

export function familyOf(address: string): IpFamily | undefined {
  const version = isIP(address);
  if (version === 4) return 'ipv4';
  if (version === 6) return 'ipv6';
  return undefined;
}

/** `[::1]` → `::1`; other hosts unchanged. */
export function unbracket(host: string): string {
  return host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
}

/**
 * The IPv4 address an IPv6 address carries, for the forms that reach an IPv4
 * host: IPv4-mapped (::ffff:a.b.c.d), IPv4-compatible (::a.b.c.d) and the
 * NAT64 well-known prefix (64:ff9b::/96); undefined otherwise.
 */
export function embeddedIpv4(address: string): string | undefined {
  const lower = address.toLowerCase();
  const dotted = /^(?:::ffff:|::|64:ff9b::)(\d+\.\d+\.\d+\.\d+)$/.exec(lower);
  if (dotted && isIPv4(dotted[1])) return dotted[1];
  const hex = /^(?:::ffff:|64:ff9b::)([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(
    lower,
  );
  if (hex) {
    const high = parseInt(hex[1], 16);
    const low = parseInt(hex[2], 16);
    return [high >> 8, high & 255, low >> 8, low & 255].join('.');
  }
  return undefined;
}

/** Parses `a.b.c.d/n`, `x::/n` or a single address into a subnet. */
export function parseCidr(
  text: string,
): { address: string; prefix: number; family: IpFamily } | undefined {
  const [address, prefixText, extra] = text.trim().split('/');
  if (extra !== undefined) return undefined;
  const family = familyOf(unbracket(address));
  if (!family) return undefined;
  const max = family === 'ipv4' ? 32 : 128;
  const prefix = prefixText === undefined ? max : Number(prefixText);
  if (!/^\d+$/.test(prefixText ?? String(max)) || prefix > max) {
    return undefined;
  }
  return { address: unbracket(address), prefix, family };
}

const forbidden = FORBIDDEN_RANGES.map(range => {
  const subnet = parseCidr(range.cidr)!;
  const list = new BlockList();
  list.addSubnet(subnet.address, subnet.prefix, subnet.family);
  return { ...range, list };
});

/**
 * What kind of forbidden address `address` is ("a loopback", "a private",
 * ...), or undefined for an ordinary public address. Addresses embedded in
 * IPv6 (mapped, NAT64) are judged by their IPv4 address.
 */
export function forbiddenKind(address: string): string | undefined {
  const plain = unbracket(address);
  const inner = embeddedIpv4(plain);
  const checked = inner ?? plain;
  const family = familyOf(checked);
  if (!family) return 'not an IP';
  return forbidden.find(range => range.list.check(checked, family))?.kind;
}

/** Addresses let through although forbidden (`berth.outbound.allowAddresses`). */
export class AddressAllowlist {
  private readonly list = new BlockList();
  readonly entries: string[];

  constructor(cidrs: string[]) {
    this.entries = cidrs;
    for (const cidr of cidrs) {
      const subnet = parseCidr(cidr);
      if (!subnet) {
        throw new Error(
          `berth.outbound.allowAddresses: '${cidr}' is not an IP address or CIDR range such as 127.0.0.0/8 or ::1/128`,
        );
      }
      this.list.addSubnet(subnet.address, subnet.prefix, subnet.family);
    }
  }

  allows(address: string): boolean {
    const plain = unbracket(address);
    const candidates = [plain, embeddedIpv4(plain)].filter((a): a is string =>
      Boolean(a),
    );
    return candidates.some(a => {
      const family = familyOf(a);
      return family ? this.list.check(a, family) : false;
    });
  }
}
