import { expect } from 'chai';
import { buildSync } from 'esbuild';
import { readFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { extractEmail } from '../../scripts/core/email/index';
import { walkEmail } from '../../scripts/core/email/message';
import { runInXsoar } from '../xsoar/host';

/**
 * The MIME/charset/HTML layers and the hashes run in XSOAR's Go ES5 interpreter (otto, whose
 * regexes are Go RE2) and must give exactly what they give in Node.
 */
describe('email + hash in the XSOAR interpreter', function () {
  this.timeout(120_000);

  it('walkEmail, extractEmail and the hashes agree with Node on every fixture', async () => {
    const bundle = buildSync({
      stdin: {
        contents: "export { walkEmail } from './scripts/core/email/message'; export { extractEmail } from './scripts/core/email/index'; export { md5Hex, sha1Hex, sha256Hex } from './scripts/core/hash/index';",
        resolveDir: process.cwd(),
        loader: 'ts',
      },
      bundle: true,
      format: 'iife',
      globalName: 'EM',
      target: 'es5',
      write: false,
    }).outputFiles[0].text;
    const names = ['plain.eml', 'alternative-qp.eml', 'nested.eml', 'attachments.eml', 'encoded-words.eml', 'latin1.eml', 'forwarded.eml', 'missing-boundary.eml', 'bad-base64.eml', 'no-headers.eml'];
    const raws = names.map((n) => readFileSync(`test/fixtures/email/${n}`, 'latin1'));
    const bytes = [...randomBytes(3000)];
    const code = `${bundle}\nvar raws = ${JSON.stringify(raws)};\nvar bytes = ${JSON.stringify(bytes)};\nvar out = [];\nvar full = [];\nfor (var i = 0; i < raws.length; i++) { out.push(EM.walkEmail(raws[i])); full.push(EM.extractEmail(raws[i])); }\nreturn JSON.stringify({ walks: out, full: full, md5: EM.md5Hex(bytes), sha1: EM.sha1Hex(bytes), sha256: EM.sha256Hex(bytes) });`;
    const run = await runInXsoar({ code });
    expect(run.error, run.errorStack).to.equal(undefined);
    const got = JSON.parse(typeof run.result === 'string' ? run.result : JSON.stringify(run.result));
    expect(got.walks).to.deep.equal(JSON.parse(JSON.stringify(raws.map((r) => walkEmail(r)))));
    // Every fixture, the non-ASCII ones (encoded-words.eml, latin1.eml) included: the extraction
    // core scans through a UTF-16 code-unit view in otto (docs/xsoar-build.md, "otto quirks").
    expect(got.full).to.deep.equal(JSON.parse(JSON.stringify(raws.map((r) => extractEmail(r)))));
    const { createHash } = await import('node:crypto');
    for (const alg of ['md5', 'sha1', 'sha256']) expect(got[alg], alg).to.equal(createHash(alg).update(Buffer.from(bytes)).digest('hex'));
  });
});
