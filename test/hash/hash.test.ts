import { expect } from 'chai';
import { createHash, randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { bundleXsoarScript } from '../../build/xsoar/bundle.mjs';
import { hashText, md5Hex, sha1Hex, sha256Hex } from '../../scripts/core/hash/index';
import { sha256 } from '../../scripts/core/hash/sha256';
import { runInXsoar, xsoarEngine } from '../xsoar/host';

const node = (alg: string, b: number[] | Buffer) => createHash(alg).update(Buffer.from(b)).digest('hex');
const ours: Array<[string, (b: number[]) => string]> = [
  ['md5', md5Hex],
  ['sha1', sha1Hex],
  ['sha256', sha256Hex],
];

describe('core/hash', () => {
  for (const [alg, fn] of ours) {
    describe(alg, () => {
      it('matches node:crypto on empty input and 1 byte', () => {
        expect(fn([])).to.equal(node(alg, []));
        expect(fn([0x61])).to.equal(node(alg, [0x61]));
        expect(fn([0xff])).to.equal(node(alg, [0xff]));
      });

      it('matches node:crypto at every padding edge (0..130 bytes)', () => {
        // 55/56 (length fits / spills into a new block), 63/64/65 (block boundary), and 119/120/128.
        for (let len = 0; len <= 130; len++) {
          const b = [...randomBytes(len)];
          expect(fn(b), `length ${len}`).to.equal(node(alg, b));
        }
        for (const len of [55, 56, 63, 64, 65]) {
          const b = new Array(len).fill(0x80);
          expect(fn(b), `0x80 x ${len}`).to.equal(node(alg, b));
        }
      });

      it('matches node:crypto on 1 MB of random bytes', () => {
        const buf = randomBytes(1 << 20);
        expect(fn([...buf])).to.equal(node(alg, buf));
      });

      it('matches node:crypto on random arrays (fast-check)', () => {
        fc.assert(
          fc.property(fc.array(fc.integer({ min: 0, max: 255 }), { maxLength: 600 }), (b) => fn(b) === node(alg, b)),
          { numRuns: 300 },
        );
      });
    });
  }

  it('hashText hashes the UTF-8 bytes', () => {
    for (const s of ['', 'abc', 'bücher-shop.de', '日本語 😀']) {
      expect(hashText(s)).to.deep.equal({
        md5: createHash('md5').update(s, 'utf8').digest('hex'),
        sha1: createHash('sha1').update(s, 'utf8').digest('hex'),
        sha256: createHash('sha256').update(s, 'utf8').digest('hex'),
      });
    }
    // A known vector, independent of node:crypto.
    expect(hashText('abc').sha256).to.equal('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });

  it('sha256 bytes match node:crypto', () => {
    for (const n of [0, 55, 56, 64, 200]) {
      const b = Array.from(randomBytes(n));
      expect(sha256(b)).to.deep.equal(Array.from(createHash('sha256').update(Buffer.from(b)).digest()));
    }
  });

  it('gives node:crypto\'s digests in the XSOAR interpreter (otto) too', async function () {
    this.timeout(120_000);
    const inputs: number[][] = [];
    for (let n = 0; n <= 130; n += 7) inputs.push(Array.from(randomBytes(n)));
    inputs.push(Array.from(randomBytes(1000)));
    const code = await bundleXsoarScript('test/hash/fixtures/otto-hash.ts');
    const run = await runInXsoar({ code, args: { inputs: JSON.stringify(inputs) } });
    expect(run.error, run.errorStack).to.equal(undefined);
    const got = JSON.parse(run.result as string) as string[][];
    for (let i = 0; i < inputs.length; i++) expect(got[i], `${xsoarEngine()}: ${inputs[i].length} bytes`).to.deep.equal([node('md5', inputs[i]), node('sha1', inputs[i]), node('sha256', inputs[i])]);
  });
});
