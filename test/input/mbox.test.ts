import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { extractFromAlert } from '../../scripts/node/input/alerts';
import { alertsFrom } from './helpers';

var FIXTURES = join(__dirname, '..', 'fixtures');

describe('input: mbox', function () {
  it('splits on "From " at line start, drops the separator and the blank line before the next one', async function () {
    var box = 'From a@x Mon Jan  6 09:12:01 2025\nSubject: one\n\nbody one\n\nFrom b@x Mon Jan  6 09:13:01 2025\r\nSubject: two\r\n\r\nbody two\r\n';
    var r = await alertsFrom('mbox', box, {}, 4);
    expect(r.problems).to.deep.equal([]);
    expect(r.alerts.map((a) => [a.message, a.kind, a.payload])).to.deep.equal([
      [1, 'email', 'Subject: one\n\nbody one\n'],
      [2, 'email', 'Subject: two\r\n\r\nbody two\r\n'],
    ]);
  });

  it('un-escapes >From lines by one level and leaves other From-ish lines alone', async function () {
    var box = 'From a@x Mon Jan  6 09:12:01 2025\nSubject: s\n\n>From here\n>>From there\n> From not escaped\nFromage\n';
    var r = await alertsFrom('mbox', box);
    expect(r.alerts).to.have.length(1);
    expect(r.alerts[0].payload).to.equal('Subject: s\n\nFrom here\n>From there\n> From not escaped\nFromage\n');
  });

  it('keeps bytes as they are (latin1 string) for the MIME parser', async function () {
    var box = Buffer.concat([Buffer.from('From a@x Mon Jan  6 2025\nSubject: caf'), Buffer.from([0xc3, 0xa9]), Buffer.from('\n\nx\n')]);
    var r = await alertsFrom('mbox', box, {}, 1);
    expect(r.alerts[0].payload).to.equal('Subject: caf\u00c3\u00a9\n\nx\n');
  });

  it('reads text before the first separator as a message, with a warning', async function () {
    var r = await alertsFrom('mbox', 'Subject: stray\n\n8.8.8.8\nFrom a@x Mon Jan  6 2025\nSubject: s\n\nb\n');
    expect(r.alerts.map((a) => a.message)).to.deep.equal([1, 2]);
    expect(r.problems).to.have.length(1);
    expect(r.problems[0]).to.include({ where: 'in#1', error: false });
    expect(r.problems[0].message).to.match(/does not start with a "From " line/);
  });

  it('hashes an attachment of a message through the email rules', async function () {
    var eml = readFileSync(join(FIXTURES, 'email', 'attachments.eml'));
    var box = Buffer.concat([Buffer.from('From a@x Mon Jan  6 2025\nSubject: first\n\nhello 8.8.8.8\n\nFrom b@x Tue Jan  7 2025\n'), eml]);
    var r = await alertsFrom('mbox', box, {}, 1000);
    expect(r.alerts).to.have.length(2);
    var found = extractFromAlert(r.alerts[1]);
    // The expected digest is computed here from the fixture's base64, independently of the parser.
    var text = eml.toString('latin1');
    var start = text.indexOf('\n\n', text.indexOf('filename="Invoice_4471.pdf"')) + 2;
    var b64 = text.slice(start, text.indexOf('------=_Part_0_1', start)).replace(/\s+/g, '');
    var sha256 = require('node:crypto').createHash('sha256').update(Buffer.from(b64, 'base64')).digest('hex');
    var hit = found.indicators.find((i) => i.type === 'sha256' && i.value === sha256);
    expect(hit, 'attachment sha256').to.not.equal(undefined);
    expect(hit!.fileName).to.equal('Invoice_4471.pdf');
  });
});
