import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { IOC_TYPES, IocType } from '../../scripts/core/model';
import { extractText } from '../../scripts/core/extract/index';

interface Case {
  id: string;
  text: string;
  expect: { type: IocType; value: string }[];
  note?: string;
}

/**
 * Two labelled corpora: `corpus.json` (written with the code) and `corpus-blind.json` (labelled
 * from docs/extraction.md by someone who had not read the code; cases whose expectation follows a
 * rule changed since then say so in `note: "rule changed: …"`).
 */
const CORPORA: { file: string; minCases: number; minNegatives: number }[] = [
  { file: 'corpus.json', minCases: 200, minNegatives: 40 },
  { file: 'corpus-blind.json', minCases: 400, minNegatives: 40 }
];

function load(file: string): Case[] {
  return JSON.parse(readFileSync(join(__dirname, '../fixtures/extraction', file), 'utf8'));
}

for (const { file, minCases, minNegatives } of CORPORA) {
  describe(`extraction corpus ${file} (precision / recall per type)`, () => {
    const corpus = load(file);

    it(`has at least ${minCases} well-formed cases covering every type`, () => {
      expect(corpus.length).to.be.at.least(minCases);
      const ids = new Set<string>();
      for (const c of corpus) {
        expect(ids.has(c.id), c.id).to.equal(false);
        ids.add(c.id);
        expect(c.text, c.id).to.be.a('string');
        for (const e of c.expect) expect(IOC_TYPES).to.include(e.type);
      }
      for (const t of IOC_TYPES) expect(corpus.some((c) => c.expect.some((e) => e.type === t)), t).to.equal(true);
      expect(corpus.filter((c) => c.expect.length === 0).length).to.be.at.least(minNegatives);
    });

    it('scores >= 0.97 precision and recall for every type', () => {
      const tp: Record<string, number> = {};
      const fp: Record<string, number> = {};
      const fn: Record<string, number> = {};
      for (const t of IOC_TYPES) tp[t] = fp[t] = fn[t] = 0;
      const wrong: string[] = [];
      for (const c of corpus) {
        const got = new Set(extractText(c.text).map((x) => x.type + ' ' + x.value));
        const want = new Set(c.expect.map((x) => x.type + ' ' + x.value));
        for (const g of got) {
          const t = g.split(' ')[0];
          if (want.has(g)) tp[t]++;
          else {
            fp[t]++;
            wrong.push(`${c.id}: unexpected ${g}`);
          }
        }
        for (const w of want)
          if (!got.has(w)) {
            fn[w.split(' ')[0]]++;
            wrong.push(`${c.id}: missed ${w}`);
          }
      }
      const rows: string[] = [`${file} (${corpus.length} cases)`, 'type      precision  recall   tp  fp  fn'];
      const bad: string[] = [];
      for (const t of IOC_TYPES) {
        const p = tp[t] + fp[t] ? tp[t] / (tp[t] + fp[t]) : 1;
        const r = tp[t] + fn[t] ? tp[t] / (tp[t] + fn[t]) : 1;
        rows.push(`${t.padEnd(9)} ${p.toFixed(3).padStart(9)} ${r.toFixed(3).padStart(7)} ${String(tp[t]).padStart(4)} ${String(fp[t]).padStart(3)} ${String(fn[t]).padStart(3)}`);
        if (p < 0.97 || r < 0.97) bad.push(t);
      }
      console.log('\n' + rows.join('\n') + (wrong.length ? '\nmismatches:\n  ' + wrong.join('\n  ') : '') + '\n');
      expect(bad, `${file}: types below 0.97`).to.deep.equal([]);
    });
  });
}
