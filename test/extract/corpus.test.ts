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

const corpus: Case[] = JSON.parse(readFileSync(join(__dirname, '../fixtures/extraction/corpus.json'), 'utf8'));

describe('extraction corpus (precision / recall per type)', () => {
  it('has at least 200 well-formed cases covering every type', () => {
    expect(corpus.length).to.be.at.least(200);
    const ids = new Set<string>();
    for (const c of corpus) {
      expect(ids.has(c.id), c.id).to.equal(false);
      ids.add(c.id);
      for (const e of c.expect) expect(IOC_TYPES).to.include(e.type);
    }
    for (const t of IOC_TYPES) expect(corpus.some((c) => c.expect.some((e) => e.type === t)), t).to.equal(true);
    expect(corpus.filter((c) => c.expect.length === 0).length).to.be.at.least(40);
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
      for (const w of want) if (!got.has(w)) {
        fn[w.split(' ')[0]]++;
        wrong.push(`${c.id}: missed ${w}`);
      }
    }
    const rows: string[] = ['type      precision  recall   tp  fp  fn'];
    const bad: string[] = [];
    for (const t of IOC_TYPES) {
      const p = tp[t] + fp[t] ? tp[t] / (tp[t] + fp[t]) : 1;
      const r = tp[t] + fn[t] ? tp[t] / (tp[t] + fn[t]) : 1;
      rows.push(`${t.padEnd(9)} ${p.toFixed(3).padStart(9)} ${r.toFixed(3).padStart(7)} ${String(tp[t]).padStart(4)} ${String(fp[t]).padStart(3)} ${String(fn[t]).padStart(3)}`);
      if (p < 0.97 || r < 0.97) bad.push(t);
    }
    console.log('\n' + rows.join('\n') + (wrong.length ? '\nmismatches:\n  ' + wrong.join('\n  ') : '') + '\n');
    expect(bad, 'types below 0.97').to.deep.equal([]);
  });
});
