import { expect } from 'chai';
import fc from 'fast-check';
import { isIPv4, isIPv6 } from 'node:net';
import { cidrContains, formatIPv6, ipScope, parseCidr, parseIPv4, parseIPv6 } from '../../scripts/core/net/ip';

/** WHATWG URL serialises IPv6 hosts per RFC 5952 except for IPv4-mapped mixed notation. */
function whatwg(v6: string): string {
  return new URL('http://[' + v6 + ']/').hostname.slice(1, -1);
}

describe('net/ip', () => {
  it('parseIPv4 accepts dotted quads and rejects everything else', () => {
    expect(parseIPv4('203.0.113.7')).to.deep.equal([203, 0, 113, 7]);
    expect(parseIPv4('0.0.0.0')).to.deep.equal([0, 0, 0, 0]);
    expect(parseIPv4('255.255.255.255')).to.deep.equal([255, 255, 255, 255]);
    for (const bad of ['256.1.1.1', '1.2.3', '1.2.3.4.5', '01.2.3.4', '1.2.3.04', '1.2.3.', '.1.2.3', '1..2.3', '1.2.3.4 ', 'a.b.c.d', '1.2.3.1000', '', '0x7f.0.0.1', '1.2.3.-4'])
      expect(parseIPv4(bad), bad).to.equal(null);
  });

  it('parseIPv4 agrees with node:net on random strings', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 300 }), { minLength: 4, maxLength: 4 }), (o) => {
        const s = o.join('.');
        expect(parseIPv4(s) !== null).to.equal(isIPv4(s));
      })
    );
  });

  it('parseIPv6 handles ::, embedded IPv4 and rejects malformed text', () => {
    expect(parseIPv6('::')).to.deep.equal(new Array(16).fill(0));
    expect(parseIPv6('::1')!.slice(-1)).to.deep.equal([1]);
    expect(parseIPv6('::ffff:192.0.2.1')!.slice(10)).to.deep.equal([255, 255, 192, 0, 2, 1]);
    expect(parseIPv6('2001:DB8::1')!.slice(0, 4)).to.deep.equal([0x20, 0x01, 0x0d, 0xb8]);
    expect(parseIPv6('1:2:3:4:5:6:7:8')).to.not.equal(null);
    expect(parseIPv6('1:2:3:4:5:6:1.2.3.4')).to.not.equal(null);
    for (const bad of [':', ':::', '1:2:3:4:5:6:7:8:9', '1:2:3:4:5:6:7', '1::2::3', '12345::', 'fe80::1%eth0', '[::1]', '1:', ':1', '::g', '1:2:3:4:5:6:7:1.2.3.4', '::1.2.3', '::256.1.1.1', '1.2.3.4::', 'std::cout', '23:06:41'])
      expect(parseIPv6(bad), bad).to.equal(null);
  });

  it('formatIPv6 is RFC 5952 and matches WHATWG URL serialisation', () => {
    const cases: [string, string][] = [
      ['2001:0DB8:0000:0000:0000:0000:0000:0001', '2001:db8::1'],
      ['2001:db8:0:0:1:0:0:1', '2001:db8::1:0:0:1'],
      ['2001:db8:0:1:1:1:1:1', '2001:db8:0:1:1:1:1:1'],
      ['0:0:0:0:0:0:0:0', '::'],
      ['1:0:0:0:0:0:0:0', '1::'],
      ['::ffff:c000:0201', '::ffff:192.0.2.1']
    ];
    for (const [i, o] of cases) expect(formatIPv6(parseIPv6(i)!)).to.equal(o);
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 255 }).map((x) => (x < 128 ? 0 : x)), { minLength: 16, maxLength: 16 }), (b) => {
        const s = formatIPv6(b);
        expect(parseIPv6(s)).to.deep.equal(b);
        expect(isIPv6(s)).to.equal(true);
        if (!s.startsWith('::ffff:')) expect(s).to.equal(whatwg(s));
      })
    );
  });

  it('ipScope classifies every documented range', () => {
    const v4: [string, string][] = [
      ['8.8.8.8', 'public'], ['10.1.2.3', 'private'], ['172.16.0.1', 'private'], ['172.32.0.1', 'public'],
      ['192.168.1.1', 'private'], ['127.0.0.1', 'loopback'], ['169.254.1.1', 'link-local'], ['100.64.0.1', 'cgnat'],
      ['100.128.0.1', 'public'], ['224.0.0.1', 'multicast'], ['239.255.255.255', 'multicast'], ['192.0.2.5', 'documentation'],
      ['198.51.100.5', 'documentation'], ['203.0.113.7', 'documentation'], ['0.1.2.3', 'reserved'], ['240.0.0.1', 'reserved'],
      ['255.255.255.255', 'reserved'], ['198.18.0.1', 'reserved'], ['198.19.255.1', 'reserved'], ['198.20.0.1', 'public'],
      ['192.0.0.9', 'reserved'], ['192.88.99.1', 'reserved']
    ];
    for (const [ip, s] of v4) expect(ipScope('ipv4', ip), ip).to.equal(s);
    const v6: [string, string][] = [
      ['2606:4700::1111', 'public'], ['::1', 'loopback'], ['::', 'reserved'], ['fd00::1', 'private'], ['fc00::1', 'private'],
      ['fe80::1', 'link-local'], ['febf::1', 'link-local'], ['ff02::1', 'multicast'], ['2001:db8::1', 'documentation'],
      ['3fff::1', 'documentation'], ['::ffff:10.0.0.1', 'private'], ['::ffff:8.8.8.8', 'public'], ['64:ff9b::8.8.8.8', 'public'],
      ['64:ff9b::192.168.0.1', 'private'], ['2002:c0a8:0101::1', 'private'], ['2001::1', 'reserved'], ['4000::1', 'reserved'],
      ['fec0::1', 'reserved'], ['100::1', 'reserved']
    ];
    for (const [ip, s] of v6) expect(ipScope('ipv6', ip), ip).to.equal(s);
    expect(ipScope('ipv4', 'nonsense')).to.equal('reserved');
  });

  it('parseCidr and cidrContains work for both families', () => {
    expect(parseCidr('10.1.2.3/8')).to.deep.equal({ bytes: [10, 0, 0, 0], prefix: 8 });
    expect(parseCidr('1.2.3.4')).to.deep.equal({ bytes: [1, 2, 3, 4], prefix: 32 });
    expect(parseCidr('2001:db8::/32')!.prefix).to.equal(32);
    for (const bad of ['1.2.3.4/33', '::/129', '1.2.3.4/', '1.2.3.4/08', '1.2.3/8', 'x/1', '1.2.3.4/a']) expect(parseCidr(bad), bad).to.equal(null);
    expect(cidrContains('10.0.0.0/8', '10.255.1.1')).to.equal(true);
    expect(cidrContains('10.0.0.0/8', '11.0.0.1')).to.equal(false);
    expect(cidrContains('172.16.0.0/12', '172.31.255.255')).to.equal(true);
    expect(cidrContains('172.16.0.0/12', '172.32.0.0')).to.equal(false);
    expect(cidrContains('0.0.0.0/0', '1.2.3.4')).to.equal(true);
    expect(cidrContains('fe80::/10', 'febf::1')).to.equal(true);
    expect(cidrContains('fe80::/10', 'fec0::1')).to.equal(false);
    expect(cidrContains('10.0.0.0/8', '::ffff:10.1.1.1')).to.equal(true);
    expect(cidrContains('10.0.0.0/8', '2001:db8::1')).to.equal(false);
    expect(cidrContains('2001:db8::/32', '10.0.0.1')).to.equal(false);
    expect(cidrContains('bad', '10.0.0.1')).to.equal(false);
  });

  it('ipScope for IPv4 agrees with cidrContains over the documented ranges (random addresses)', () => {
    const ranges: [string, string][] = [
      ['0.0.0.0/8', 'reserved'], ['10.0.0.0/8', 'private'], ['100.64.0.0/10', 'cgnat'], ['127.0.0.0/8', 'loopback'],
      ['169.254.0.0/16', 'link-local'], ['172.16.0.0/12', 'private'], ['192.0.0.0/24', 'reserved'], ['192.0.2.0/24', 'documentation'],
      ['192.88.99.0/24', 'reserved'], ['192.168.0.0/16', 'private'], ['198.18.0.0/15', 'reserved'], ['198.51.100.0/24', 'documentation'],
      ['203.0.113.0/24', 'documentation'], ['224.0.0.0/4', 'multicast'], ['240.0.0.0/4', 'reserved'],
    ];
    const expected = (ip: string) => (ranges.find(([c]) => cidrContains(c, ip)) || ['', 'public'])[1];
    fc.assert(
      fc.property(fc.constantFrom(0, 10, 100, 127, 169, 172, 192, 198, 203, 223, 224, 239, 240, 255), fc.integer({ min: 0, max: 255 }), fc.integer({ min: 0, max: 255 }), fc.integer({ min: 0, max: 255 }), (a, b, c, d) => {
        const ip = [a, b, c, d].join('.');
        expect(ipScope('ipv4', ip), ip).to.equal(expected(ip));
      }),
      { numRuns: 3000 },
    );
  });

  it('cidrContains gives the same answers when addresses and ranges repeat (it memoises parses)', () => {
    const ranges = ['10.0.0.0/8', '2001:db8::/32', '8.8.8.8/32', 'bad', '::ffff:0:0/96', '10.0.0.0/8'];
    const ips = ['10.1.1.1', '8.8.8.8', '2001:db8::5', '::ffff:10.1.1.1', 'x', '10.1.1.1'];
    const want = [
      [true, false, false, true, false, true],
      [false, false, true, false, false, false],
      [false, true, false, false, false, false],
      [false, false, false, false, false, false],
      [false, false, false, true, false, false],
      [true, false, false, true, false, true],
    ];
    for (let round = 0; round < 2; round++)
      for (let j = 0; j < ips.length; j++) for (let i = 0; i < ranges.length; i++) expect(cidrContains(ranges[i], ips[j]), ranges[i] + ' ' + ips[j]).to.equal(want[i][j]);
  });
});
