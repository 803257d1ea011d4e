import { expect } from 'chai';
import fc from 'fast-check';
import { Extracted } from '../../scripts/core/model';
import { extractAlert, extractText, normaliseDomain } from '../../scripts/core/extract/index';
import { formatIPv6, parseIPv4, parseIPv6 } from '../../scripts/core/net/ip';

const HASH_LEN: Record<string, number> = { md5: 32, sha1: 40, sha256: 64, sha512: 128 };

/** Every returned indicator must re-validate on its own and point back into the text. */
function checkValid(text: string, list: Extracted[]): void {
  const seen = new Set<string>();
  for (const x of list) {
    const key = x.type + ' ' + x.value;
    expect(seen.has(key), 'duplicate ' + key).to.equal(false);
    seen.add(key);
    expect(typeof x.raw).to.equal('string');
    expect(x.offsets.length).to.be.greaterThan(0);
    for (let i = 0; i < x.offsets.length; i++) {
      expect(x.offsets[i]).to.be.within(0, text.length - 1);
      if (i) expect(x.offsets[i]).to.be.greaterThan(x.offsets[i - 1]);
    }
    expect(text.substr(x.offsets[0], x.raw.length)).to.equal(x.raw);
    expect(x.scope !== undefined).to.equal(x.type === 'ipv4' || x.type === 'ipv6');
    switch (x.type) {
      case 'ipv4':
        expect(parseIPv4(x.value)!.join('.')).to.equal(x.value);
        break;
      case 'ipv6':
        expect(formatIPv6(parseIPv6(x.value)!)).to.equal(x.value);
        break;
      case 'domain':
        expect(normaliseDomain(x.value)).to.equal(x.value);
        break;
      case 'email': {
        const at = x.value.lastIndexOf('@');
        expect(at).to.be.greaterThan(0);
        expect(normaliseDomain(x.value.slice(at + 1))).to.equal(x.value.slice(at + 1));
        break;
      }
      case 'url': {
        expect(x.value).to.match(/^(https?|s?ftps?):\/\/\S+$/);
        const again = extractText(x.value);
        expect(again.some((y) => y.type === 'url' && y.value === x.value), x.value).to.equal(true);
        break;
      }
      case 'cve':
        expect(x.value).to.match(/^CVE-\d{4}-\d{4,7}$/);
        break;
      default:
        expect(x.value).to.match(new RegExp('^[0-9a-f]{' + HASH_LEN[x.type] + '}$'));
    }
  }
}

const pieces = [
  'http://', 'hxxps[:]//', 'evil', '.', '[.]', '(dot)', ' dot ', 'com', 'ru', 'zip', '@', '[@]', '(at)', ':', '::', '/', '[', ']', '(', ')',
  '1', '2', '255', '256', '10', 'ffff', 'fe80', 'IPv6:', 'CVE-2021-', '44228', 'd41d8cd98f00b204', ' ', '\n', '"', "'", '<', '>', '\\/', '\\.',
  'ü', 'а', '\ufffd', '\ud800', '\udc00', '😀', '-', '_', 'xn--', 'Message-ID: <', 'cid:', 'i=', 'version ', 'std::', '%',
  '=', 'smtp.mailfrom=', 'prvs=', 'FileVersion: ', '](', 'host.id', 'Date.now'
];

describe('extract robustness', () => {
  it('never throws and returns valid indicators on random strings', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (s) => checkValid(s, extractText(s))),
      { numRuns: 500 }
    );
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 300 }), (s) => checkValid(s, extractText(s))),
      { numRuns: 300 }
    );
  });

  it('never throws and returns valid indicators on adversarial token soup', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...pieces), { maxLength: 80 }), (a) => {
        const s = a.join('');
        checkValid(s, extractText(s));
      }),
      { numRuns: 2000 }
    );
  });

  it('survives invalid UTF-16, binary blobs and control characters', () => {
    const lone = '\ud800evil.com\udc00 1.2.3.4\ufffd\ud83d';
    checkValid(lone, extractText(lone));
    expect(extractText(lone).map((x) => x.value)).to.deep.equal(['evil.com', '1.2.3.4']);
    let blob = '';
    let seed = 1337;
    for (let i = 0; i < 200000; i++) {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      blob += String.fromCharCode(seed % 256);
    }
    checkValid(blob, extractText(blob));
    const ctrl = '\u0000evil.com\u0001\u00078.8.8.8\u007f';
    expect(extractText(ctrl).map((x) => x.value)).to.deep.equal(['evil.com', '8.8.8.8']);
  });

  it('handles 50 MB of text', () => {
    const chunk = 'User bob logged in from 198.51.100.7 and fetched hxxps://evil[.]example.com/p?id=1 hash d41d8cd98f00b204e9800998ecf8427e; see CVE-2021-44228. Nothing else of note happened in this otherwise uneventful line of log text padding. ';
    const text = chunk.repeat(Math.ceil((50 * 1024 * 1024) / chunk.length));
    const x = extractText(text);
    expect(x.map((i) => i.type)).to.deep.equal(['ipv4', 'url', 'domain', 'md5', 'cve']);
    expect(x[0].offsets.length).to.equal(Math.ceil((50 * 1024 * 1024) / chunk.length));
  }).timeout(120000);

  it('handles 1 MB of pathological repetitions', () => {
    const n = 1 << 20;
    for (const unit of ['.', '[', '1', '1.', 'a.', '[.]', ':', '1:', 'a@', '@a.', 'http://', 'http://a.com/', 'hxxp', ' dot ', 'a dot ', 'mail-gw.', 'CVE-', 'f']) {
      const s = unit.repeat(Math.ceil(n / unit.length));
      const x = extractText(s);
      checkValid(s, x.slice(0, 50));
    }
  }).timeout(120000);

  it('does work linear in the input size on adversarial inputs (deterministic step count)', () => {
    const patterns: ((k: number) => string)[] = [
      (k) => 'mail-gw.'.repeat(k) + 'corp-.net',
      (k) => 'ab-cd.'.repeat(k) + 'x-.com',
      (k) => 'a.'.repeat(k),
      (k) => '[.]'.repeat(k),
      (k) => 'a[.]'.repeat(k) + 'com',
      (k) => 'http://'.repeat(k),
      (k) => 'http://a.com/'.repeat(k),
      (k) => 'http://a.com/('.repeat(k) + ')'.repeat(k),
      (k) => 'a@'.repeat(k),
      (k) => 'a'.repeat(k) + '@evil.com',
      (k) => 'x@evil.com '.repeat(k),
      (k) => '<a@b.com> '.repeat(k),
      (k) => '1:'.repeat(k),
      (k) => '::'.repeat(k),
      (k) => '1.'.repeat(k),
      (k) => 'a dot '.repeat(k) + 'com',
      (k) => 'f'.repeat(k),
      (k) => 'cve-2021-'.repeat(k),
      (k) => 'ü.'.repeat(k),
      // Markdown/bracket URL ends, `key=` prefixes before `@`, IPv4-compatible IPv6, version keys.
      (k) => '[http://a.com'.repeat(k),
      (k) => '[http://a.com]'.repeat(k),
      (k) => '[https://a.com](https://b.com/x)'.repeat(k),
      (k) => 'http://[a.com]/'.repeat(k),
      (k) => 'a='.repeat(k) + 'b@evil.com',
      (k) => 'k=a=b@evil.com '.repeat(k),
      (k) => '=a.com@'.repeat(k),
      (k) => '::1.2.3.4 '.repeat(k),
      (k) => 'ProductVersion: 1.2.3.4 '.repeat(k)
    ];
    for (const p of patterns) {
      const counts: number[] = [];
      for (const k of [1000, 10000, 100000]) {
        const s = p(k);
        const stats = { steps: 0 };
        extractText(s, { stats });
        expect(stats.steps, p.toString() + ' k=' + k).to.be.at.most(40 * s.length + 100);
        counts.push(stats.steps / s.length);
      }
      // steps per character must not grow with size
      expect(counts[2], p.toString()).to.be.at.most(counts[0] * 1.5 + 1);
    }
  }).timeout(120000);

  it('extractAlert survives 10,000-deep nesting of objects and arrays', () => {
    let v: unknown = { ip: '203.0.113.1' };
    for (let i = 0; i < 10000; i++) v = { a: [v] };
    const x = extractAlert(v);
    expect(x[0].value).to.equal('203.0.113.1');
    const json = '{"a":'.repeat(10000) + '"evil.com"' + '}'.repeat(10000);
    expect(extractAlert(JSON.parse(json))[0].value).to.equal('evil.com');
  });
});
