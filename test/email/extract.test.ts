import { expect } from 'chai';
import { createHash, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { extractEmail } from '../../scripts/core/email/index';
import type { EmailAttachment, EmailExtraction } from '../../scripts/core/email/index';

/** End to end with the real extractText: exact indicator sets per fixture. */
const run = (name: string) => extractEmail(readFileSync(`test/fixtures/email/${name}`, 'latin1'));
const rows = (r: EmailExtraction) => r.indicators.map((i) => [i.type, i.value, (i.sources || []).join(' | ')]);
const hashRows = (a: EmailAttachment) => [
  ['md5', a.md5, 'attachment'],
  ['sha1', a.sha1, 'attachment'],
  ['sha256', a.sha256, 'attachment'],
];
const digests = (b: Buffer) => ({
  md5: createHash('md5').update(b).digest('hex'),
  sha1: createHash('sha1').update(b).digest('hex'),
  sha256: createHash('sha256').update(b).digest('hex'),
});

describe('extractEmail (end to end)', () => {
  it('plain.eml: sender headers, relays, auth results, defanged body; no recipients', () => {
    const r = run('plain.eml');
    expect(rows(r)).to.deep.equal([
      ['email', 'bounce-7731@mailer.payrol-update.com', 'header:Return-Path'],
      ['domain', 'mailer.payrol-update.com', 'header:Return-Path | header:Received | header:Authentication-Results | header:Received-SPF | header:Message-ID'],
      ['ipv4', '192.0.2.10', 'header:Received'],
      ['ipv4', '203.0.113.9', 'header:Received | header:Authentication-Results | header:Received-SPF'],
      ['domain', 'payrol-update.com', 'header:Authentication-Results'],
      ['domain', 'hr-portal-login.net', 'header:Authentication-Results | header:From'],
      ['ipv4', '198.51.100.23', 'header:X-Originating-IP'],
      ['email', 'hr@hr-portal-login.net', 'header:From'],
      ['email', 'payroll.team@collect-payroll.net', 'header:Reply-To'],
      ['domain', 'collect-payroll.net', 'header:Reply-To'],
      ['url', 'https://payroll-verify.com/login?id=7731', 'body:text'],
      ['domain', 'payroll-verify.com', 'body:text'],
      ['ipv4', '198.51.100.77', 'body:text'],
    ]);
    const by = (v: string) => r.indicators.find((i) => i.value === v)!;
    expect(by('203.0.113.9').defanged, 'address literal is not a defang').to.equal(undefined);
    expect(by('203.0.113.9').scope).to.equal('documentation');
    expect(by('https://payroll-verify.com/login?id=7731')).to.include({ raw: 'hxxps://payroll-verify[.]com/login?id=7731', defanged: true });
    expect(by('198.51.100.77').raw).to.equal('198.51.100[.]77');
    expect(r.warnings).to.deep.equal([]);
  });

  it('alternative-qp.eml: QP text and HTML, defanged link, href and img src', () => {
    const r = run('alternative-qp.eml');
    expect(rows(r)).to.deep.equal([
      ['email', 'support@mailbox-quota.info', 'header:From'],
      ['domain', 'mailbox-quota.info', 'header:From | header:Message-ID | body:html'],
      ['url', 'http://quota-help.xyz/renew', 'body:text | body:html'],
      ['domain', 'quota-help.xyz', 'body:text | body:html'],
      ['email', 'helpdesk@quota-help.xyz', 'body:html'],
      ['url', 'https://mailbox-quota.info/upgrade?u=alice&t=9f3', 'body:html'],
      ['url', 'https://cdn.mail-tracker.net/pixel.gif?id=42', 'body:html'],
      ['domain', 'cdn.mail-tracker.net', 'body:html'],
    ]);
    expect(r.indicators[2]).to.include({ raw: 'hxxp://quota-help[.]xyz/renew', defanged: true });
  });

  it('nested.eml: mixed → related → alternative, inline image and text attachment', () => {
    const r = run('nested.eml');
    expect(r.attachments.map((a) => [a.fileName, a.contentType])).to.deep.equal([['', 'image/png'], ['notes.txt', 'text/plain']]);
    expect(rows(r)).to.deep.equal([
      ['email', 'dse@docs-sign.net', 'header:From'],
      ['domain', 'docs-sign.net', 'header:From | header:Message-ID | body:text'],
      ['url', 'https://docs-sign.net/envelope/8812', 'body:text'],
      ['url', 'https://sign-review.top/e/8812', 'body:html'],
      ['domain', 'sign-review.top', 'body:html'],
      ...hashRows(r.attachments[0]),
      ...hashRows(r.attachments[1]),
      ['ipv4', '198.51.100.200', 'attachment:notes.txt'],
    ]);
    expect(r.attachments[1]).to.deep.include(digests(Buffer.from('Backup server: 198.51.100.200')));
  });

  it('attachments.eml: base64 PDF and ZIP hashed exactly like node:crypto over the decoded bytes', () => {
    const raw = readFileSync('test/fixtures/email/attachments.eml', 'latin1');
    const payloads = [...raw.matchAll(/Content-Transfer-Encoding: base64\n[^]*?\n\n([A-Za-z0-9+\/=\n]+)\n--/g)].map((m) => Buffer.from(m[1], 'base64'));
    const r = run('attachments.eml');
    expect(r.attachments).to.deep.equal([
      { fileName: 'Invoice_4471.pdf', contentType: 'application/pdf', size: payloads[0].length, ...digests(payloads[0]) },
      { fileName: 'payment.zip', contentType: 'application/zip', size: payloads[1].length, ...digests(payloads[1]) },
    ]);
    expect(rows(r)).to.deep.equal([
      ['email', 'accounts@invoice-pay.biz', 'header:From'],
      ['domain', 'invoice-pay.biz', 'header:From | header:Message-ID'],
      ...hashRows(r.attachments[0]),
      ...hashRows(r.attachments[1]),
    ]);
    expect(r.indicators.filter((i) => i.type === 'sha256').map((i) => i.fileName)).to.deep.equal(['Invoice_4471.pdf', 'payment.zip']);
  });

  it('encoded-words.eml: RFC 2047 From/Reply-To, base64 UTF-8 body, RFC 2231 names', () => {
    const r = run('encoded-words.eml');
    expect(r.headers.subject).to.equal('Votre compte est bloqué — action requise');
    expect(rows(r)).to.deep.equal([
      ['email', 'alerte@banque-securite.info', 'header:From'],
      ['domain', 'banque-securite.info', 'header:From | header:Reply-To | header:Message-ID | body:text'],
      ['email', 'client@banque-securite.info', 'header:Reply-To'],
      ['url', 'https://banque-securite.info/débloquer', 'body:text'],
      ...hashRows(r.attachments[0]),
      ...hashRows(r.attachments[1]),
      ['ipv4', '192.0.2.55', 'attachment:résumé_part2.txt'],
    ]);
    expect(r.indicators.find((i) => i.type === 'md5')!.fileName).to.equal('relevé de compte.html.exe');
  });

  it('latin1.eml: 8-bit ISO-8859-1 body with cp1252 quotes around the URL', () => {
    expect(rows(run('latin1.eml'))).to.deep.equal([
      ['email', 'info@paket-zustellung.shop', 'header:From'],
      ['domain', 'paket-zustellung.shop', 'header:From | body:text'],
      ['url', 'https://paket-zustellung.shop/track?n=4471', 'body:text'],
    ]);
  });

  it('forwarded.eml: the attached message is hashed and read, labelled by its file name', () => {
    const r = run('forwarded.eml');
    expect(r.headers.subject).to.equal('FW: Password expires today');
    const eml = 'attachment:Password expires today.eml';
    expect(rows(r)).to.deep.equal([
      ...hashRows(r.attachments[0]),
      ['domain', 'smtp.lure-mailer.net', eml],
      ['ipv4', '203.0.113.50', eml],
      ['email', 'no-reply@m365-alerts.com', eml],
      ['domain', 'm365-alerts.com', eml],
      ['domain', 'lure-mailer.net', eml],
      ['url', 'https://m365-alerts.com/keep?u=alice', eml],
      ...hashRows(r.attachments[1]),
      ['ipv4', '203.0.113.51', 'attachment:readme.txt'],
    ]);
    expect(r.attachments[1]).to.deep.include({ fileName: 'readme.txt', ...digests(Buffer.from('Fallback server 203.0.113.51\n')) });
  });

  it('malformed fixtures: partial results plus warnings', () => {
    const mb = run('missing-boundary.eml');
    expect(rows(mb)).to.deep.equal([
      ['email', 'billing@renewal-notice.org', 'header:From'],
      ['domain', 'renewal-notice.org', 'header:From | body:text'],
      ['url', 'http://renewal-notice.org/pay', 'body:text'],
      ['url', 'http://203.0.113.80/renew.php', 'body:html'],
      ['ipv4', '203.0.113.80', 'body:html'],
    ]);
    expect(mb.warnings).to.deep.equal(['message: missing closing boundary "--never-closed--"']);

    const bb = run('bad-base64.eml');
    expect(rows(bb)).to.deep.equal([
      ['email', 'scanner@office-scan.net', 'header:From'],
      ['domain', 'office-scan.net', 'header:From | body:text'],
      ['url', 'https://office-scan.net/doc/55', 'body:text'],
      ...hashRows(bb.attachments[0]),
    ]);
    expect(bb.warnings).to.have.length(3);

    const nh = run('no-headers.eml');
    expect(rows(nh)).to.deep.equal([
      ['url', 'http://paste-only.site/x', 'body:text'],
      ['domain', 'paste-only.site', 'body:text'],
      ['ipv4', '198.51.100.9', 'body:text'],
    ]);
    expect(nh.headers).to.deep.equal({});
    expect(nh.warnings).to.deep.equal(['message: no header block found, read as a plain-text body']);
  });

  it('binary junk and a 5 MB body never throw', () => {
    const junk = extractEmail(randomBytes(100_000).toString('latin1'));
    expect(junk.warnings.length).to.be.greaterThan(0);
    const filler = 'lorem ipsum dolor sit amet '.repeat(40);
    const body = 'Start: http://first-hop.xyz/a\n' + filler.repeat(Math.ceil((5 << 20) / filler.length)) + '\nEnd: 203.0.113.99\n';
    const big = extractEmail('From: x@big-mail.net\nContent-Type: text/plain\n\n' + body);
    expect(rows(big)).to.deep.equal([
      ['email', 'x@big-mail.net', 'header:From'],
      ['domain', 'big-mail.net', 'header:From'],
      ['url', 'http://first-hop.xyz/a', 'body:text'],
      ['domain', 'first-hop.xyz', 'body:text'],
      ['ipv4', '203.0.113.99', 'body:text'],
    ]);
    expect(big.warnings).to.have.length(1);
    expect(big.warnings[0]).to.match(/^part 1: line longer than 998 octets/);
  });
});
