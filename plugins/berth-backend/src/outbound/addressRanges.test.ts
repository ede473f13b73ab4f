import {
  AddressAllowlist,
  embeddedIpv4,
  forbiddenKind,
  parseCidr,
} from './addressRanges';
import { HostAllowlist } from './hostAllowlist';

describe('forbidden address ranges', () => {
  it.each([
    ['127.0.0.1', 'a loopback'],
    ['127.255.0.9', 'a loopback'],
    ['::1', 'a loopback'],
    ['[::1]', 'a loopback'],
    ['169.254.169.254', 'a link-local (cloud metadata)'],
    ['fe80::1', 'a link-local'],
    ['10.1.2.3', 'a private'],
    ['172.16.0.1', 'a private'],
    ['172.31.255.255', 'a private'],
    ['192.168.1.1', 'a private'],
    ['fd12:3456::1', 'a private (unique local)'],
    ['fc00::1', 'a private (unique local)'],
    ['0.0.0.0', 'an unspecified ("this network")'],
    ['::', 'an unspecified'],
    ['224.0.0.251', 'a multicast'],
    ['ff02::1', 'a multicast'],
    ['100.64.0.1', 'a shared (carrier-grade NAT)'],
    ['::ffff:127.0.0.1', 'a loopback'],
    ['::ffff:a9fe:a9fe', 'a link-local (cloud metadata)'],
    ['64:ff9b::10.0.0.1', 'a private'],
  ])('%s is %s address', (address, kind) => {
    expect(forbiddenKind(address)).toBe(kind);
  });

  it.each([
    '8.8.8.8',
    '172.32.0.1',
    '192.169.0.1',
    '2606:4700::1111',
    '1.1.1.1',
  ])('%s is public', address => {
    expect(forbiddenKind(address)).toBeUndefined();
  });

  it('reads the IPv4 address inside mapped and NAT64 IPv6 addresses', () => {
    expect(embeddedIpv4('::ffff:10.0.0.1')).toBe('10.0.0.1');
    expect(embeddedIpv4('::ffff:7f00:1')).toBe('127.0.0.1');
    expect(embeddedIpv4('2001:db8::1')).toBeUndefined();
  });

  it('allows listed addresses and ranges, and refuses malformed entries', () => {
    const allow = new AddressAllowlist(['127.0.0.0/8', '::1', '10.9.0.0/16']);
    expect(allow.allows('127.0.0.1')).toBe(true);
    expect(allow.allows('::1')).toBe(true);
    expect(allow.allows('::ffff:127.0.0.1')).toBe(true);
    expect(allow.allows('10.9.200.1')).toBe(true);
    expect(allow.allows('10.10.0.1')).toBe(false);
    expect(allow.allows('169.254.169.254')).toBe(false);
    expect(parseCidr('10.0.0.0/33')).toBeUndefined();
    expect(parseCidr('nope/8')).toBeUndefined();
    expect(() => new AddressAllowlist(['127.0.0.0/8', 'localhost'])).toThrow(
      "berth.outbound.allowAddresses: 'localhost' is not an IP address or CIDR range",
    );
  });
});

describe('host allowlist', () => {
  it('matches hosts exactly, by name, by domain wildcard, or any with *', () => {
    const allowed = new HostAllowlist([
      'charts.example.com',
      '*.corp.example',
      'reg:5000',
      '[::1]:8080',
    ]);
    expect(allowed.allows('charts.example.com:443')).toBe(true);
    expect(allowed.allows('Charts.Example.com')).toBe(true);
    expect(allowed.allows('a.corp.example')).toBe(true);
    expect(allowed.allows('reg:5000')).toBe(true);
    expect(allowed.allows('reg:5001')).toBe(false);
    expect(allowed.allows('[::1]:8080')).toBe(true);
    expect(allowed.allows('[::1]:8081')).toBe(false);
    expect(allowed.allows('169.254.169.254')).toBe(false);
    expect(allowed.allows('corp.example.evil.com')).toBe(false);
    expect(new HostAllowlist([]).allows('anything')).toBe(false);
    expect(new HostAllowlist(['*']).allows('anything:1')).toBe(true);
  });
});
