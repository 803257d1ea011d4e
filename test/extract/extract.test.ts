import { expect } from 'chai';
import fc from 'fast-check';
import { domainToASCII } from 'node:url';
import { extractAlert, extractAlertText, extractText, labelToAscii, punycodeEncode } from '../../scripts/core/extract/index';

describe('extract/extractText details', () => {
  it('maps offsets and raw back into the original (defanged) text', () => {
    const text = 'x hxxps[:]//evil[.]example(dot)com/a then 203.0.113[.]7 and 203.0.113.7';
    const got = extractText(text);
    const url = got.find((x) => x.type === 'url')!;
    expect(url.value).to.equal('https://evil.example.com/a');
    expect(url.raw).to.equal('hxxps[:]//evil[.]example(dot)com/a');
    expect(url.offsets).to.deep.equal([2]);
    expect(url.defanged).to.equal(true);
    const host = got.find((x) => x.type === 'domain')!;
    expect(host.derivedFrom).to.equal(url.value);
    expect(text.slice(host.offsets[0]).startsWith('evil[.]example(dot)com')).to.equal(true);
    const ip = got.find((x) => x.type === 'ipv4')!;
    expect(ip.raw).to.equal('203.0.113[.]7');
    expect(ip.offsets.map((o) => text.slice(o, o + 3))).to.deep.equal(['203', '203']);
    expect(ip.scope).to.equal('documentation');
    expect(ip.defanged).to.equal(true);
  });

  it('every offset points at the raw spelling of that occurrence', () => {
    const text = 'a evil.com b EVIL.COM c evil[.]com http://evil.com/';
    const d = extractText(text).find((x) => x.type === 'domain')!;
    expect(d.offsets.map((o) => text.slice(o, o + 4).toLowerCase())).to.deep.equal(['evil', 'evil', 'evil', 'evil']);
    expect(d.derivedFrom).to.equal(undefined); // seen standalone too
  });

  it('clean text is not marked defanged; JSON \\/ is unescaping, not defanging', () => {
    const x = extractText('{"u":"https:\\/\\/evil.com\\/a"} 8.8.8.8');
    expect(x.every((i) => i.defanged === undefined)).to.equal(true);
    expect(x[0].value).to.equal('https://evil.com/a');
  });

  it('IDN hosts are punycoded exactly like url.domainToASCII', () => {
    for (const d of ['bücher-shop.de', 'аpple-id.com', 'münchen.de', 'пример.рф', 'faß.de', '例え.jp', 'ÄBC.de', 'παράδειγμα.ελ']) {
      const got = extractText('see ' + d + ' now').filter((x) => x.type === 'domain');
      expect(got.map((x) => x.value), d).to.deep.equal([domainToASCII(d)]);
    }
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom(...'abcxyzäöüßéèçñøåæœаеорсүя中文字日本'.split('')), minLength: 1, maxLength: 20 }), (label) => {
        const want = domainToASCII(label + '.com');
        if (!want) return;
        expect(labelToAscii(label) + '.com').to.equal(want);
      })
    );
    expect(punycodeEncode('bücher')).to.equal('bcher-kva');
  });

  it('reports scope for IPv6 and IPv4-mapped addresses', () => {
    const x = extractText('::ffff:10.0.0.1 and 2606:4700::1111');
    expect(x.map((i) => [i.value, i.scope])).to.deep.equal([
      ['::ffff:10.0.0.1', 'private'],
      ['2606:4700::1111', 'public']
    ]);
  });

  it('marks a whole bracketed host as defanged and includes the brackets in raw', () => {
    const [x] = extractText('C2 [evil.com] up');
    expect(x).to.include({ type: 'domain', value: 'evil.com', raw: '[evil.com]', defanged: true });
    expect(x.offsets).to.deep.equal([3]);
  });
});

describe('extract/extractAlert', () => {
  it('records JSON paths for every string value at any depth', () => {
    const alert = {
      src_ip: '8.8.8.8',
      event: { message: 'beacon to evil[.]com from 10.0.0.1', count: 42, '203.0.113.9': 'key is ignored' },
      hosts: [{ ip: '1.1.1.1' }, {}, { ip: '8.8.8.8' }],
      'odd key': ['x@evil.com']
    };
    const x = extractAlert(alert);
    const by = (v: string) => x.find((i) => i.value === v)!;
    expect(by('8.8.8.8').paths).to.deep.equal(['src_ip', 'hosts[2].ip']);
    expect(by('evil.com').paths).to.deep.equal(['event.message', '["odd key"][0]']);
    expect(by('evil.com').defanged).to.equal(true);
    expect(by('10.0.0.1').scope).to.equal('private');
    expect(by('1.1.1.1').paths).to.deep.equal(['hosts[0].ip']);
    expect(x.some((i) => i.value === '203.0.113.9')).to.equal(false);
    expect(x.every((i) => i.offsets.length === 0)).to.equal(true);
    expect(x.map((i) => i.value).slice(0, 2)).to.deep.equal(['8.8.8.8', 'evil.com']);
  });

  it('handles root strings, arrays and 10,000-deep nesting without recursion', () => {
    expect(extractAlert('1.2.3.4')[0].paths).to.deep.equal(['$']);
    expect(extractAlert([{ a: 'evil.com' }])[0].paths).to.deep.equal(['[0].a']);
    let deep: unknown = 'deep.evil.com';
    for (let i = 0; i < 10000; i++) deep = i % 2 ? { k: deep } : [deep];
    const x = extractAlert(deep);
    expect(x[0].value).to.equal('deep.evil.com');
    expect(x[0].paths![0].length).to.be.greaterThan(20000);
    expect(extractAlert(null)).to.deep.equal([]);
    expect(extractAlert(42)).to.deep.equal([]);
  });

  it('extractAlertText parses JSON and throws a clear error on invalid input', () => {
    expect(extractAlertText('{"ip":"9.9.9.9"}')[0].value).to.equal('9.9.9.9');
    expect(() => extractAlertText('{"ip":')).to.throw(/^extractAlertText: invalid JSON/);
    expect(() => extractAlertText(undefined as unknown as string)).to.throw(/expected a JSON string/);
  });

  it('throws (does not hang) on a cyclic object', () => {
    const a: Record<string, unknown> = { s: 'x' };
    a.self = a;
    a.other = a;
    expect(() => extractAlert(a)).to.throw(/cyclic or oversized/);
  }).timeout(30000);
});
