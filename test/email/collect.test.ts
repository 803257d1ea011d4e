import { expect } from 'chai';
import { createHash, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import type { Extracted } from '../../scripts/core/model';
import { chunkText, extractEmailWith } from '../../scripts/core/email/collect';

const fixture = (name: string) => readFileSync(`test/fixtures/email/${name}`, 'latin1');

/** A deliberately tiny stand-in extractor (IPv4 and e-mail only) so merging is tested without extract/. */
function stub(text: string): Extracted[] {
  const out: Extracted[] = [];
  for (const m of text.matchAll(/\b\d{1,3}(?:\.\d{1,3}){3}\b|[\w.+-]+@[\w-]+(?:\.[\w-]+)+/g)) {
    out.push({ type: m[0].includes('@') ? 'email' : 'ipv4', value: m[0].toLowerCase(), raw: m[0], offsets: [m.index!] });
  }
  return out;
}

describe('email/collect (merge layer, stub extractor)', () => {
  it('merges by (type,value) in first-seen order, unions sources, keeps first raw, drops offsets', () => {
    const r = extractEmailWith(fixture('plain.eml'), stub);
    expect(r.indicators.map((i) => [i.type, i.value, i.sources])).to.deep.equal([
      ['email', 'bounce-7731@mailer.payrol-update.com', ['header:Return-Path']],
      ['ipv4', '192.0.2.10', ['header:Received']],
      ['ipv4', '203.0.113.9', ['header:Received', 'header:Authentication-Results', 'header:Received-SPF']],
      ['ipv4', '198.51.100.23', ['header:X-Originating-IP']],
      ['email', 'hr@hr-portal-login.net', ['header:From']],
      ['email', 'payroll.team@collect-payroll.net', ['header:Reply-To']],
    ]);
    for (const i of r.indicators) expect(i.offsets).to.deep.equal([]);
  });

  it('reports attachment hashes as md5/sha1/sha256 indicators with fileName and source "attachment"', () => {
    const r = extractEmailWith(fixture('forwarded.eml'), stub);
    const hashes = r.indicators.filter((i) => i.type === 'md5' || i.type === 'sha1' || i.type === 'sha256');
    expect(hashes).to.have.length(6);
    const readme = Buffer.from('Fallback server 203.0.113.51\n');
    expect(hashes.slice(3)).to.deep.equal(
      (['md5', 'sha1', 'sha256'] as const).map((t) => {
        const h = createHash(t).update(readme).digest('hex');
        return { type: t, value: h, raw: h, offsets: [], sources: ['attachment'], fileName: 'readme.txt' };
      }),
    );
    expect(r.indicators.filter((i) => i.type === 'ipv4').map((i) => [i.value, i.sources])).to.deep.equal([
      ['203.0.113.50', ['attachment:Password expires today.eml']],
      ['203.0.113.51', ['attachment:readme.txt']],
    ]);
  });

  it('the same file attached twice is one indicator set but two attachments', () => {
    const part = (n: string) => `--b\nContent-Type: application/octet-stream\nContent-Disposition: attachment; filename="${n}"\nContent-Transfer-Encoding: base64\n\nTVqQAA==\n`;
    const r = extractEmailWith(`Content-Type: multipart/mixed; boundary=b\n\n${part('a.exe')}${part('b.exe')}--b--\n`, stub);
    expect(r.attachments.map((a) => a.fileName)).to.deep.equal(['a.exe', 'b.exe']);
    expect(r.indicators.map((i) => [i.type, i.fileName])).to.deep.equal([['md5', 'a.exe'], ['sha1', 'a.exe'], ['sha256', 'a.exe']]);
  });

  it('never throws: binary junk, random bytes, a throwing extractor', () => {
    const junk = randomBytes(200_000).toString('latin1');
    const r = extractEmailWith(junk, stub);
    expect(r.warnings.length).to.be.greaterThan(0);
    fc.assert(
      fc.property(fc.string({ maxLength: 400 }), fc.uint8Array({ maxLength: 400 }), (s, u) => {
        extractEmailWith(s, stub);
        extractEmailWith(Buffer.from(u).toString('latin1'), stub);
        extractEmailWith('Content-Type: multipart/mixed; boundary=x\n\n--x\n' + s + '\n--x\nContent-Transfer-Encoding: base64\n\n' + s, stub);
        return true;
      }),
      { numRuns: 300 },
    );
    const boom = extractEmailWith(fixture('plain.eml'), () => {
      throw new Error('boom');
    });
    expect(boom.warnings).to.deep.equal(['message: IOC extraction failed in header:Return-Path: Error: boom']);
    expect(boom.headers.subject).to.equal('Action required: confirm your payroll details');
  });

  it('a 5 MB single-line body is scanned end to end, with a long-line warning', () => {
    const filler = 'x'.repeat(64) + ' ';
    const body = '203.0.113.1 ' + filler.repeat(Math.ceil((5 << 20) / filler.length)) + ' 203.0.113.2';
    const r = extractEmailWith('From: a@b.example\nContent-Type: text/plain\n\n' + body, stub);
    expect(r.indicators.map((i) => i.value)).to.deep.equal(['a@b.example', '203.0.113.1', '203.0.113.2']);
    expect(r.warnings).to.have.length(1);
    expect(r.warnings[0]).to.match(/^part 1: line longer than 998 octets/);
  });

  it('chunkText cuts at whitespace and loses nothing', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), fc.integer({ min: 1, max: 50 }), (s, n) => chunkText(s, n).join('') === s),
    );
    expect(chunkText('aaaa bbbb cccc', 7)).to.deep.equal(['aaaa ', 'bbbb ', 'cccc']);
  });
});
