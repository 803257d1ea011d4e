/**
 * Scores `extractText` against a labelled corpus, treating the extractor as a black box.
 *
 *   npx tsx bench/score-corpus.ts test/fixtures/extraction/corpus-blind.json [--json]
 *
 * Each case's `expect` is the complete set of (type, value) pairs; the extractor's output for the
 * case text is compared as a set. Prints per-type precision / recall / tp / fp / fn, the micro
 * average, and every failing case with what was missing and what was extra. Exit code 0 always:
 * this is a measurement, not a gate.
 */
import { readFileSync } from 'node:fs';
import { extractText } from '../scripts/core/extract/index';
import { IOC_TYPES, IocType } from '../scripts/core/model';

interface Expected {
  type: IocType;
  value: string;
}

interface Case {
  id: string;
  text: string;
  expect: Expected[];
  note?: string;
}

interface Tally {
  tp: number;
  fp: number;
  fn: number;
}

interface Failure {
  id: string;
  text: string;
  note?: string;
  missing: string[];
  extra: string[];
}

const key = (type: string, value: string): string => type + ' ' + value;

function pct(n: number, d: number): string {
  return d === 0 ? '   -  ' : ((100 * n) / d).toFixed(1).padStart(6);
}

function main(): void {
  const file = process.argv[2];
  if (!file) {
    console.error('usage: npx tsx bench/score-corpus.ts <corpus.json> [--json]');
    process.exit(2);
  }
  const cases = JSON.parse(readFileSync(file, 'utf8')) as Case[];
  const tallies: Record<string, Tally> = {};
  for (const t of IOC_TYPES) tallies[t] = { tp: 0, fp: 0, fn: 0 };
  const failures: Failure[] = [];

  for (const c of cases) {
    const want = new Map<string, Expected>();
    for (const e of c.expect) want.set(key(e.type, e.value), e);
    const got = new Map<string, Expected>();
    let crashed: string | undefined;
    try {
      for (const x of extractText(c.text)) got.set(key(x.type, x.value), { type: x.type, value: x.value });
    } catch (err) {
      crashed = err instanceof Error ? err.message : String(err);
    }
    const missing: string[] = [];
    const extra: string[] = [];
    for (const [k, e] of want) {
      const tally = tallies[e.type] || (tallies[e.type] = { tp: 0, fp: 0, fn: 0 });
      if (got.has(k)) tally.tp++;
      else {
        tally.fn++;
        missing.push(k);
      }
    }
    for (const [k, e] of got) {
      if (want.has(k)) continue;
      const tally = tallies[e.type] || (tallies[e.type] = { tp: 0, fp: 0, fn: 0 });
      tally.fp++;
      extra.push(k);
    }
    if (crashed) extra.push('THREW ' + crashed);
    if (missing.length || extra.length) failures.push({ id: c.id, text: c.text, note: c.note, missing, extra });
  }

  if (process.argv.includes('--json')) {
    console.log(JSON.stringify({ cases: cases.length, tallies, failures }, null, 2));
    return;
  }

  console.log(`corpus: ${file} (${cases.length} cases)\n`);
  console.log('type     precision  recall    tp    fp    fn');
  const all: Tally = { tp: 0, fp: 0, fn: 0 };
  for (const t of Object.keys(tallies)) {
    const x = tallies[t];
    all.tp += x.tp;
    all.fp += x.fp;
    all.fn += x.fn;
    console.log(
      `${t.padEnd(8)} ${pct(x.tp, x.tp + x.fp)}   ${pct(x.tp, x.tp + x.fn)}  ${String(x.tp).padStart(4)}  ${String(x.fp).padStart(4)}  ${String(x.fn).padStart(4)}`,
    );
  }
  console.log(
    `${'all'.padEnd(8)} ${pct(all.tp, all.tp + all.fp)}   ${pct(all.tp, all.tp + all.fn)}  ${String(all.tp).padStart(4)}  ${String(all.fp).padStart(4)}  ${String(all.fn).padStart(4)}`,
  );
  console.log(`\ncases fully correct: ${cases.length - failures.length}/${cases.length}`);
  if (failures.length) console.log(`\nfailing cases (${failures.length}):`);
  for (const f of failures) {
    console.log(`\n- ${f.id}${f.note ? '   [' + f.note + ']' : ''}`);
    console.log(`    text:    ${JSON.stringify(f.text)}`);
    for (const m of f.missing) console.log(`    missing: ${m}`);
    for (const e of f.extra) console.log(`    extra:   ${e}`);
  }
}

main();
