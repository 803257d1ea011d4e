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

/** `type value` pairs, in first-seen order. */
function pairs(text: string): string[] {
  return extractText(text).map((x) => x.type + ' ' + x.value);
}

describe('extract: key=value before an email address', () => {
  it('drops the key: smtp.mailfrom=, sender=, CEF suser=/duser=, user=', () => {
    expect(pairs('spf=fail smtp.mailfrom=bounce@mailer.cheap-rx.store; dkim=none')).to.deep.equal(['email bounce@mailer.cheap-rx.store', 'domain mailer.cheap-rx.store']);
    expect(pairs('sender=spam@bulk-mailer.click')).to.deep.equal(['email spam@bulk-mailer.click', 'domain bulk-mailer.click']);
    const cef = pairs('CEF:0|P|T|1.0|c|n|5|suser=ceo@contoso.com duser=att@evil-kv.com');
    expect(cef).to.include.members(['email ceo@contoso.com', 'email att@evil-kv.com']);
    expect(cef.filter((p) => p.indexOf('=') >= 0)).to.deep.equal([]);
    expect(pairs('user=bob@x.com')).to.deep.equal(['email bob@x.com', 'domain x.com']);
  });

  it('raw and offsets point at the address after the key, and the key is not a domain', () => {
    const text = 'a smtp.mailfrom=Bob@Evil.com z';
    const [email] = extractText(text);
    expect(email).to.include({ type: 'email', value: 'bob@evil.com', raw: 'Bob@Evil.com' });
    expect(email.offsets).to.deep.equal([text.indexOf('Bob')]);
    expect(pairs('x sender.info=bob@evil.com')).to.deep.equal(['email bob@evil.com', 'domain evil.com']);
  });

  it('keeps the = of tagged addresses: BATV prvs=, SRS0=, VERP local=domain@', () => {
    expect(pairs('prvs=1234abcd5=bob@example.com')[0]).to.equal('email prvs=1234abcd5=bob@example.com');
    expect(pairs('smtp.mailfrom=prvs=1234abcd5=bob@example.com')[0]).to.equal('email prvs=1234abcd5=bob@example.com');
    expect(pairs('SRS0=HHH=TT=orig.com=alice@fwd.example.net')[0]).to.equal('email srs0=hhh=tt=orig.com=alice@fwd.example.net');
    expect(pairs('bounce-bob=example.com@lists.example.org')[0]).to.equal('email bounce-bob=example.com@lists.example.org');
    expect(pairs('from=bounce-bob=example.com@lists.example.org')[0]).to.equal('email bounce-bob=example.com@lists.example.org');
  });

  it('bounds the local part at 64 characters after the key, not before it', () => {
    const local = 'a'.repeat(60);
    expect(pairs('smtp.mailfrom=' + local + '@evil.com')[0]).to.equal('email ' + local + '@evil.com');
    expect(pairs('k=' + 'a'.repeat(65) + '@evil.com')).to.deep.equal(['domain evil.com']); // no email
  });
});

describe('extract: IPv4-compatible IPv6 (::a.b.c.d)', () => {
  it('is one IPv6 address and the IPv4 tail does not leak out', () => {
    expect(pairs('legacy ::192.0.2.1 entry')).to.deep.equal(['ipv6 ::c000:201']);
    const [x] = extractText('addr ::10.1.2.3 seen');
    expect(x).to.include({ type: 'ipv6', value: '::a01:203', raw: '::10.1.2.3', scope: 'reserved' });
    expect(pairs('64:ff9b::198.51.100.7')).to.deep.equal(['ipv6 64:ff9b::c633:6407']);
  });

  it('still rejects code and malformed tails', () => {
    expect(pairs('std::1.2.3')).to.deep.equal([]);
    expect(pairs('a ::1.2.3.4.5 b')).to.deep.equal([]);
  });
});

describe('extract: URL ends at the ] closing a [ right before it', () => {
  it('a Markdown link whose text is a URL gives both URLs and both hosts', () => {
    expect(pairs('[https://good-bank.com](https://evil-bank.com/login)')).to.deep.equal([
      'url https://good-bank.com',
      'domain good-bank.com',
      'url https://evil-bank.com/login',
      'domain evil-bank.com'
    ]);
  });

  it('balances brackets inside the URL (IPv6 hosts, a[1])', () => {
    expect(pairs('[http://[2001:db8::1]/x]')).to.deep.equal(['url http://[2001:db8::1]/x', 'ipv6 2001:db8::1']);
    expect(pairs('see [http://evil.com/a[1]](x) ok')).to.deep.equal(['url http://evil.com/a[1]', 'domain evil.com']);
  });

  it('a nested URL after [ ends at its ] too, and the outer URL is unchanged', () => {
    expect(pairs('https://o.com/?u=[https://i.com]&v=1')).to.deep.equal([
      'url https://o.com/?u=[https://i.com]&v=1',
      'domain o.com',
      'url https://i.com',
      'domain i.com'
    ]);
  });
});

describe('extract: bracketed host inside a URL', () => {
  it('hxxps://[evil-bh.com]/x is the URL https://evil-bh.com/x, defanged, with its domain', () => {
    const [u, d] = extractText('hxxps://[evil-bh.com]/x');
    expect(u).to.include({ type: 'url', value: 'https://evil-bh.com/x', raw: 'hxxps://[evil-bh.com]/x', defanged: true });
    expect(d).to.include({ type: 'domain', value: 'evil-bh.com', derivedFrom: 'https://evil-bh.com/x', defanged: true });
  });

  it('works with a port, userinfo and an IPv4 host; junk in brackets is still no URL', () => {
    expect(pairs('http://[evil.com]:8080/a')[0]).to.equal('url http://evil.com:8080/a');
    expect(pairs('http://u@[evil.com]/')[0]).to.equal('url http://u@evil.com/');
    const ip = extractText('http://[203.0.113.9]/a');
    expect(ip.map((x) => x.type + ' ' + x.value)).to.deep.equal(['url http://203.0.113.9/a', 'ipv4 203.0.113.9']);
    expect(ip[1]).to.include({ scope: 'documentation', defanged: true });
    expect(pairs('http://[intranet]/x http://[evil_x.com]/')).to.deep.equal([]);
  });
});

describe('extract: dotted field names are not bare domains', () => {
  it('drops host.id, event.id, user.email, process.pid and Date.now', () => {
    expect(pairs('{"host.id":"a1c9","event.id":"7f3e","source.address":"77.83.36.11"}')).to.deep.equal(['ipv4 77.83.36.11']);
    expect(pairs('user.email process.pid file.info const ts = Date.now(); LocalDateTime.now')).to.deep.equal([]);
  });

  it('keeps real domains: other first labels, three labels, defanged, URL hosts and emails', () => {
    expect(pairs('evil-host.info event.xyz host.id.evil.com sub.host.id ws.now')).to.deep.equal([
      'domain evil-host.info',
      'domain event.xyz',
      'domain host.id.evil.com',
      'domain sub.host.id',
      'domain ws.now'
    ]);
    expect(pairs('host[.]id http://event.id/ bob@user.info')).to.deep.equal([
      'domain host.id',
      'url http://event.id/',
      'domain event.id',
      'email bob@user.info',
      'domain user.info'
    ]);
  });
});

describe('extract: quads after a version key are not IPv4', () => {
  it('drops quads after keys ending in version/ver/build', () => {
    expect(pairs('ProductVersion: 4.2.0.1 FileVersion=4.2.0.2 OSBuild: 10.0.0.2 os_ver=1.2.3.4 build 10.0.17.1')).to.deep.equal([]);
    expect(pairs('{"FileVersion": "4.2.0.3"} <Data Name="ProductVersion">5.2.0.1</Data> VersionNumber 1.1.1.1')).to.deep.equal([]);
  });

  it('keeps addresses after keys that only contain those letters', () => {
    const ips = ['10.0.0.1', '10.0.0.2', '10.0.0.3', '10.0.0.4', '10.0.0.5', '10.0.0.6'];
    const text = 'server 10.0.0.1 driver: 10.0.0.2 BuildServer: 10.0.0.3 conversion 10.0.0.4 SERVER=10.0.0.5 version_ip 10.0.0.6';
    expect(pairs(text)).to.deep.equal(ips.map((i) => 'ipv4 ' + i));
  });
});
