import { expect } from 'chai';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { canonicalCharset, decodeText, isValidUtf8 } from '../../scripts/core/email/charset';
import { decodeHeaderValue, parseParams, splitMessage } from '../../scripts/core/email/headers';
import { decodeEntities, htmlToText } from '../../scripts/core/email/html';
import { authResultsValues, messageIdDomain, receivedFromClause, receivedSpfValues, walkEmail } from '../../scripts/core/email/message';
import { parseMime, splitMultipart } from '../../scripts/core/email/mime';
import { decodeBase64Body, decodeQuotedPrintable, decodeTransfer } from '../../scripts/core/email/transfer';

const fixture = (name: string) => readFileSync(`test/fixtures/email/${name}`, 'latin1');
const latin1 = (b: number[]) => Buffer.from(b).toString('latin1');

describe('email/headers', () => {
  it('splits, unfolds and keeps header order', () => {
    const s = splitMessage('Subject: a\r\n  b\r\nX-Y:c\r\n\r\nbody\r\n');
    expect(s.headers.map((h) => [h.name, h.value])).to.deep.equal([
      ['Subject', 'a  b'],
      ['X-Y', 'c'],
    ]);
    expect(s.body).to.equal('body\r\n');
    expect(s.note).to.equal(undefined);
  });

  it('skips an mbox From_ line and reports a missing header block', () => {
    expect(splitMessage('From a@b Mon Jan 1\nSubject: x\n\nhi').headers[0].value).to.equal('x');
    const s = splitMessage('just text: no\nmore');
    expect(s.headers).to.have.length(0);
    expect(s.body).to.equal('just text: no\nmore');
    expect(s.note).to.match(/no header block/);
  });

  it('decodes RFC 2047 B and Q words in utf-8, latin1 and us-ascii, joining adjacent words', () => {
    expect(decodeHeaderValue('=?UTF-8?B?U8OpY3VyaXTDqQ==?= Banque')).to.equal('Sécurité Banque');
    expect(decodeHeaderValue('=?iso-8859-1?Q?Cl=E9ment_Dupont?= <c@d.example>')).to.equal('Clément Dupont <c@d.example>');
    expect(decodeHeaderValue('=?us-ascii?q?plain_text?=')).to.equal('plain text');
    // "€" (E2 82 AC) split across two words must survive; whitespace between words is dropped.
    expect(decodeHeaderValue('=?utf-8?Q?=E2=82?=\r\n =?utf-8?Q?=AC_5?=')).to.equal('€ 5');
    // Language suffix (RFC 2231 §5) and unknown charsets.
    expect(decodeHeaderValue('=?utf-8*fr?Q?=C3=A9t=C3=A9?=')).to.equal('été');
    const notes: string[] = [];
    expect(decodeHeaderValue('=?x-unknown-cs?Q?abc?=', notes)).to.equal('abc');
    expect(notes).to.deep.equal(['unknown charset x-unknown-cs in encoded-word, decoded as utf-8']);
    // Raw 8-bit UTF-8 header bytes (RFC 6532) and non-UTF-8 bytes.
    expect(decodeHeaderValue(latin1([...Buffer.from('Grüße')]))).to.equal('Grüße');
    expect(decodeHeaderValue('Gr\xfc\xdfe')).to.equal('Grüße');
  });

  it('parses content-type params, quoted strings and RFC 2231 extended/continued values', () => {
    expect(parseParams('Multipart/Mixed; boundary="a;b \\"c\\""; charset=UTF-8')).to.deep.equal({
      value: 'multipart/mixed',
      params: { boundary: 'a;b "c"', charset: 'UTF-8' },
    });
    expect(parseParams("attachment; filename*=utf-8''relev%C3%A9%20final.pdf").params.filename).to.equal('relevé final.pdf');
    expect(parseParams("attachment; filename*0*=iso-8859-1''r%E9sum%E9_; filename*1=\"part2.txt\"").params.filename).to.equal('résumé_part2.txt');
    expect(parseParams('attachment; filename="=?utf-8?B?w6kucGRm?="').params.filename).to.equal('é.pdf');
    expect(parseParams('text/plain; ; junk; name=a.txt').params).to.deep.equal({ name: 'a.txt' });
  });
});

describe('email/transfer', () => {
  it('decodes quoted-printable: escapes, soft breaks, stray "="', () => {
    expect(latin1(decodeQuotedPrintable('a=3Db=\r\nc=e2=82=ac=  \nd').bytes)).to.equal('a=bc\xe2\x82\xacd');
    const bad = decodeQuotedPrintable('x=ZZy');
    expect(latin1(bad.bytes)).to.equal('x=ZZy');
    expect(bad.note).to.match(/1 invalid quoted-printable/);
  });

  it('decodes base64 like Buffer on random input, and reports damage', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (u) => {
        const b64 = Buffer.from(u).toString('base64').replace(/(.{76})/g, '$1\r\n');
        const r = decodeBase64Body(b64);
        return r.note === undefined && Buffer.from(r.bytes).equals(Buffer.from(u));
      }),
    );
    const r = decodeBase64Body('aGVs!bG8=');
    expect(latin1(r.bytes)).to.equal('hello');
    expect(r.note).to.equal('1 invalid base64 character(s) skipped');
    expect(decodeBase64Body('aGVsbG8gQ').note).to.match(/truncated base64/);
    expect(decodeTransfer('\xff\x00', '8bit').bytes).to.deep.equal([255, 0]);
    expect(decodeTransfer('x', 'x-uuencode').note).to.match(/unknown transfer encoding/);
  });
});

describe('email/charset', () => {
  it('decodes utf-8, latin1 as windows-1252, latin9, and falls back on unknown labels', () => {
    expect(decodeText([0x47, 0xfc, 0x80], 'ISO-8859-1').text).to.equal('Gü€');
    expect(decodeText([0x93, 0x61, 0x94], 'windows-1252').text).to.equal('“a”');
    expect(decodeText([0xa4], 'iso-8859-15').text).to.equal('€');
    expect(decodeText([...Buffer.from('日本')], 'UTF-8').text).to.equal('日本');
    expect(decodeText([0x61, 0xff], 'x-foo')).to.deep.equal({ text: 'a\ufffd', note: 'unknown charset x-foo, decoded as utf-8' });
    expect(decodeText([...Buffer.from('é')], undefined)).to.deep.equal({ text: 'é' });
    expect(decodeText([0xe9], undefined).text).to.equal('é');
    expect(canonicalCharset('"us-ascii"')).to.equal('utf-8');
  });

  it('isValidUtf8 agrees with a round trip through Buffer', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 40 }), (u) => {
        const valid = Buffer.from(Buffer.from(u).toString('utf8'), 'utf8').equals(Buffer.from(u));
        return isValidUtf8([...u]) === valid;
      }),
      { numRuns: 2000 },
    );
  });
});

describe('email/mime', () => {
  it('splits at boundary lines only, ignoring longer boundaries and preamble/epilogue', () => {
    const body = 'pre\r\n--b\r\none\r\n--bX\r\nstill one\r\n--b  \r\ntwo\r\n--b--\r\nepilogue';
    expect(splitMultipart(body, 'b')).to.deep.equal({ parts: ['one\r\n--bX\r\nstill one', 'two'], closed: true, found: true });
    expect(splitMultipart('--b\none\n--b\ntwo\n', 'b')).to.deep.equal({ parts: ['one', 'two\n'], closed: false, found: true });
    expect(splitMultipart('no delimiters', 'b').found).to.equal(false);
  });

  it('numbers nested parts IMAP-style and warns on a boundary that never appears', () => {
    const state = { warnings: [] as string[], parts: 0 };
    const root = parseMime(fixture('nested.eml'), '', 0, state);
    const paths: string[] = [];
    const walk = (p: typeof root) => {
      paths.push(p.path + ' ' + p.contentType.value);
      p.children.forEach(walk);
    };
    walk(root);
    expect(paths).to.deep.equal([
      ' multipart/mixed',
      '1 multipart/related',
      '1.1 multipart/alternative',
      '1.1.1 text/plain',
      '1.1.2 text/html',
      '1.2 image/png',
      '2 text/plain',
    ]);
    expect(state.warnings).to.deep.equal([]);
    const s2 = { warnings: [] as string[], parts: 0 };
    parseMime('Content-Type: multipart/mixed; boundary=zz\n\nhello', '', 0, s2);
    expect(s2.warnings).to.deep.equal(['message: boundary "zz" never found, body read as text/plain']);
  });

  it('stops at the nesting limit instead of recursing without bound', () => {
    let msg = 'leaf';
    for (let i = 0; i < 40; i++) msg = `Content-Type: multipart/mixed; boundary=b${i}\n\n--b${i}\n${msg}\n--b${i}--\n`;
    const w = walkEmail(msg);
    expect(w.warnings.join('\n')).to.match(/nesting deeper than 24/);
  });
});

describe('email/html', () => {
  it('returns visible text without script/style/comments, and link targets', () => {
    const h = htmlToText(
      '<html><head><title>T</title><style>.a{background:url(http://css.example/x)}</style><script>var u="http://js.example"</script></head>' +
        '<body><!-- http://comment.example --><p>Click <a class=x href="https://a.example/?q=1&amp;r=2">here</a></p>' +
        "<img src='https://img.example/p.gif'><img src=cid:logo><a href='#top'>top</a><form action=https://post.example/f></form>" +
        '<meta http-equiv="Refresh" content="0; URL=https://refresh.example/go">pay&#8203;pal&#x2e;example &lt;x&gt;</body></html>',
    );
    expect(h.links).to.deep.equal(['https://a.example/?q=1&r=2', 'https://img.example/p.gif', 'https://post.example/f', 'https://refresh.example/go']);
    expect(h.text).to.equal('\nT\n\nClick here\ntop\n\npaypal.example <x>');
  });

  it('decodes entities and survives unterminated markup', () => {
    expect(decodeEntities('a&amp;b &#64; &#x40; &unknown; &AMP;')).to.equal('a&b @ @ &unknown; &');
    expect(htmlToText('<a href="http://x.example').links).to.deep.equal(['http://x.example']);
    expect(htmlToText('1 < 2 and <<<').text).to.equal('1 < 2 and <<<');
  });
});

describe('email/message header reduction', () => {
  it('keeps only the from clause of Received headers', () => {
    expect(receivedFromClause('from mail.evil.example (mail.evil.example [203.0.113.9]) (using TLSv1.3 with cipher X) by mx.victim.example with ESMTPS id 1 for <a@victim.example>; date')).to.equal(
      'mail.evil.example (mail.evil.example [203.0.113.9]) (using TLSv1.3 with cipher X)',
    );
    expect(receivedFromClause('from [203.0.113.9] (helo=evil)\r\n\tby mx with esmtp')).to.equal('[203.0.113.9] (helo=evil)');
    expect(receivedFromClause('by 2002:a05:6a10::1 with SMTP id x; date')).to.equal('');
  });

  it('reads only sender-controlled Authentication-Results / Received-SPF properties', () => {
    expect(authResultsValues('mx.victim.example; spf=pass smtp.mailfrom=b@m.evil.example; dkim=pass header.d=evil.example header.i=@evil.example; dmarc=pass header.from=evil.example')).to.equal(
      'm.evil.example\nevil.example\nevil.example\nevil.example',
    );
    expect(receivedSpfValues('Pass (x.example: domain of a@evil.example) receiver=mx.victim.example; client-ip=203.0.113.9; envelope-from="<a@evil.example>"')).to.equal('203.0.113.9\nevil.example');
    expect(messageIdDomain('<abc.123@mailer.evil.example>')).to.equal('mailer.evil.example');
  });
});

describe('email/walk (fixtures, before IOC extraction)', () => {
  const texts = (w: ReturnType<typeof walkEmail>) => w.segments.filter((s) => s.text !== undefined).map((s) => [s.source, s.text]);

  it('plain.eml: reads sender headers and skips To/Cc and our own Authentication-Results id', () => {
    const w = walkEmail(fixture('plain.eml'));
    expect(w.segments.map((s) => s.source)).to.deep.equal([
      'header:Return-Path', 'header:Received', 'header:Received', 'header:Authentication-Results', 'header:Received-SPF',
      'header:X-Originating-IP', 'header:From', 'header:Reply-To', 'header:Message-ID', 'body:text',
    ]);
    expect(w.segments.map((s) => s.text).join('\n')).not.to.contain('alice@victim.example');
    expect(w.headers).to.deep.equal({
      from: '"HR Department" <hr@hr-portal-login.net>',
      to: 'Alice Example <alice@victim.example>',
      subject: 'Action required: confirm your payroll details',
      date: 'Tue, 4 Mar 2025 09:12:40 +0000',
      messageId: '<20250304091240.1234@mailer.payrol-update.com>',
    });
    expect(w.warnings).to.deep.equal([]);
  });

  it('alternative-qp.eml: decodes QP text and HTML, collects hrefs/src', () => {
    const w = walkEmail(fixture('alternative-qp.eml'));
    expect(texts(w).slice(2)).to.deep.equal([
      ['body:text', 'Your mailbox is almost full (99%).\r\nUpgrade now: hxxp://quota-help[.]xyz/renew — IT Support\r\n'],
      ['body:html', '\nYour mailbox is almost full (99%).\n\r\n\nVisit the upgrade page or copy: hxxp://quota-help[.]xyz/renew\n\r\n\nSupport: helpdesk@quota-help.xyz\n'],
      ['body:html', 'https://mailbox-quota.info/upgrade?u=alice&t=9f3\nhttps://cdn.mail-tracker.net/pixel.gif?id=42'],
    ]);
  });

  it('encoded-words.eml: decodes subject/From and RFC 2231 file names', () => {
    const w = walkEmail(fixture('encoded-words.eml'));
    expect(w.headers.subject).to.equal('Votre compte est bloqué — action requise');
    expect(w.headers.from).to.equal('Sécurité Banque <alerte@banque-securite.info>');
    expect(w.attachments.map((a) => a.fileName)).to.deep.equal(['relevé de compte.html.exe', 'résumé_part2.txt']);
    expect(texts(w).pop()).to.deep.equal(['attachment:résumé_part2.txt', 'Contact: 192.0.2.55']);
  });

  it('latin1.eml: decodes an 8-bit ISO-8859-1 (cp1252) body', () => {
    expect(texts(walkEmail(fixture('latin1.eml')))[1][1]).to.contain('Gebühr: 1,99 €.\nBitte bestätigen Sie die Zustellung: “https://paket-zustellung.shop/track?n=4471”');
  });

  it('treats input with chars above 255 as already-decoded text', () => {
    const w = walkEmail('Subject: x\nContent-Type: text/plain; charset=iso-8859-1\n\nVisit https://bücher.example/ 日本\n');
    expect(texts(w)).to.deep.equal([['body:text', 'Visit https://bücher.example/ 日本\n']]);
    expect(w.warnings).to.deep.equal([]);
  });

  it('hashes decoded attachments exactly like node:crypto over the base64 payload', () => {
    const raw = fixture('attachments.eml');
    const payloads = [...raw.matchAll(/Content-Transfer-Encoding: base64\n[^]*?\n\n([A-Za-z0-9+\/=\n]+)\n--/g)].map((m) => Buffer.from(m[1], 'base64'));
    expect(payloads).to.have.length(2);
    const w = walkEmail(raw);
    expect(w.attachments).to.deep.equal([
      { fileName: 'Invoice_4471.pdf', contentType: 'application/pdf', size: payloads[0].length, ...digests(payloads[0]) },
      { fileName: 'payment.zip', contentType: 'application/zip', size: payloads[1].length, ...digests(payloads[1]) },
    ]);
    expect(payloads[0].subarray(0, 5).toString()).to.equal('%PDF-');
    expect(payloads[1].subarray(0, 2).toString()).to.equal('PK');
  });

  it('forwarded.eml: recurses into message/rfc822 and labels its content by attachment', () => {
    const w = walkEmail(fixture('forwarded.eml'));
    expect(w.attachments.map((a) => [a.fileName, a.contentType])).to.deep.equal([
      ['Password expires today.eml', 'message/rfc822'],
      ['readme.txt', 'text/plain'],
    ]);
    expect(texts(w).slice(3)).to.deep.equal([
      ['attachment:Password expires today.eml', 'smtp.lure-mailer.net (smtp.lure-mailer.net  203.0.113.50 )'],
      ['attachment:Password expires today.eml', '"Microsoft 365" <no-reply@m365-alerts.com>'],
      ['attachment:Password expires today.eml', 'lure-mailer.net'],
      ['attachment:Password expires today.eml', '\nKeep your password: Keep current password\n'],
      ['attachment:Password expires today.eml', 'https://m365-alerts.com/keep?u=alice'],
      ['attachment:readme.txt', 'Fallback server 203.0.113.51\n'],
    ]);
  });

  it('malformed input: warnings instead of exceptions', () => {
    expect(walkEmail(fixture('missing-boundary.eml')).warnings).to.deep.equal(['message: missing closing boundary "--never-closed--"']);
    expect(walkEmail(fixture('bad-base64.eml')).warnings).to.deep.equal([
      'part 1: 4 invalid base64 character(s) skipped',
      'part 1: unknown charset x-foo, decoded as utf-8',
      'part 2: 8 invalid base64 character(s) skipped',
    ]);
    expect(walkEmail(fixture('no-headers.eml')).warnings).to.deep.equal(['message: no header block found, read as a plain-text body']);
    expect(walkEmail('').warnings).to.deep.equal(['message: empty input']);
  });
});

function digests(b: Buffer) {
  return {
    md5: createHash('md5').update(b).digest('hex'),
    sha1: createHash('sha1').update(b).digest('hex'),
    sha256: createHash('sha256').update(b).digest('hex'),
  };
}
