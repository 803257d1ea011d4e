/**
 * The integration-context cache (scripts/xsoar/integration/store.ts): a lookup cuts its one row
 * out of the stored JSON text instead of parsing the whole cache (bench/xsoar.ts). The single-row
 * reader must give exactly what a full parse gives — for text written by otto (`{"e":{...},"v":1}`,
 * byte offsets) and by V8 (`{"v":1,"e":{...}}`, the vm host), with escapes and non-ASCII in keys
 * and values — and must refuse (→ full parse) whatever it cannot read with certainty.
 */
import { expect } from 'chai';
import { bundleXsoarScript } from '../../build/xsoar/bundle.mjs';
import { runInXsoar } from './host';

const T = 1700000000000;
const ROWS: Record<string, [number, number, string]> = {
  'v1|virustotal|00ff|ipv4|185.220.101.1': [T, T + 86400000, '{"facts":{"a":1},"status":"ok"}'],
  'v1|abuseipdb|00ff|ipv4|185.220.101.1': [T + 1, T + 86400001, 'ends with quote-bracket "]'],
  'v1|otx|00ff|url|http://x.test/"]\\': [T + 2, T + 86400002, 'backslash at the end \\'],
  'v1|urlscan|00ff|domain|xn--bcher-kva.example': [T + 3, T + 86400003, 'bücher ünïcödé 中文 "quoted" \\"] \\\\"]'],
  'v1|misp|00ff|domain|bücher.example': [T + 4, T + 86400004, '{"v1|virustotal|00ff|ipv4|185.220.101.1":[1,2,"decoy"]}'],
  'v1|shodan|00ff|ipv4|10.0.0.1': [T + 5, 5, 'expired'],
};
const MISSING = ['v1|virustotal|00ff|ipv4|185.220.101.2', 'v1|virustotal|00ff|ipv4|185.220.101', '"]', ''];
const NONE = { fast: null, full: null, viaGet: null };

describe('XSOAR integration context cache: single-row reads', function () {
  this.timeout(240000);
  let code: string;
  before(async function () {
    code = await bundleXsoarScript('test/xsoar/fixtures/store-entry.ts');
  });

  async function store(args: Record<string, unknown>, engine?: 'vm') {
    const r = await runInXsoar({ code, args: { now: T, keys: [], ...args }, engine });
    expect(r.error, r.errorStack).to.equal(undefined);
    return r;
  }

  for (const engine of [undefined, 'vm'] as const) {
    const where = engine === 'vm' ? 'Node vm (V8 key order)' : 'the default interpreter (otto: alphabetical keys, byte offsets)';
    it(`reads back every row written in ${where}, equal to the full parse`, async function () {
      const r = await store({ rows: ROWS, keys: [...Object.keys(ROWS), ...MISSING] }, engine);
      const res = r.result;
      if (r.engine === 'otto') expect(res.text.startsWith('{"e":{')).to.equal(true);
      if (engine === 'vm') expect(res.text.startsWith('{"v":1,"e":{')).to.equal(true);
      expect(res.hasReader).to.equal(true);
      for (const [k, row] of Object.entries(ROWS)) {
        expect(res.out[k].fast, k).to.deep.equal(row);
        expect(res.out[k].full, k).to.deep.equal(row);
        expect(res.out[k].viaGet, k).to.deep.equal(row[1] > T ? { storedAtMs: row[0], expiresAtMs: row[1], value: row[2] } : null);
      }
      for (const k of MISSING) expect(res.out[k], k).to.deep.equal(NONE);
      expect(res.dirty).to.equal(false);
    });
  }

  it('reads text written by the other engine too', async function () {
    const vm = await store({ rows: ROWS }, 'vm');
    const r = await store({ text: vm.result.text, keys: Object.keys(ROWS) });
    for (const [k, row] of Object.entries(ROWS)) expect(r.result.out[k].fast, k).to.deep.equal(row);
  });

  it('takes the last of duplicate keys, as JSON.parse does', async function () {
    const r = await store({ text: '{"v":1,"e":{"k":[1,2,"first"],"k":[3,4,"last"]}}', keys: ['k'], now: 0 });
    expect(r.result.out.k.fast).to.deep.equal([3, 4, 'last']);
    expect(r.result.out.k.full).to.deep.equal([3, 4, 'last']);
  });

  it('refuses text it cannot read with certainty; get() then answers from the full parse as before', async function () {
    const good = (await store({ rows: ROWS })).result.text as string;
    const cases: Array<[string, string]> = [
      ['', 'empty'],
      [good.slice(0, -1), 'truncated'],
      ['{"v":2,"e":{"k":[1,2,"x"]}}', 'another version'],
      ['{ "v": 1, "e": { "k": [1, 2, "x"] } }', 'not written by serialize()'],
    ];
    for (const [text, what] of cases) {
      const r = await store({ text, keys: ['k', Object.keys(ROWS)[0]] });
      expect(r.result.hasReader, what).to.equal(false);
      if (what === 'not written by serialize()') expect(r.result.out.k, what).to.deep.equal({ fast: null, full: [1, 2, 'x'], viaGet: null }); // expired at T
      else expect(r.result.out.k, what).to.deep.equal(NONE);
    }
    const bad = await store({ text: '{"v":1,"e":{"k":[1,2,3]}}', keys: ['k'], now: 0 });
    expect(bad.result.hasReader).to.equal(true);
    expect(bad.result.out.k).to.deep.equal(NONE); // malformed row: dropped, as the full parse drops it
  });

  it('after a write, reads come from the parsed rows (redacted), and clear() empties them', async function () {
    const r = await store({ rows: ROWS, keys: [Object.keys(ROWS)[0]], secrets: ['SECRET'], write: { key: 'v1|new|00ff|ipv4|1.1.1.1', value: 'has SECRET' } });
    expect(r.result.afterSet.value).to.not.contain('SECRET');
    expect(r.result.afterSet.storedAtMs).to.equal(T);
    expect(r.result.afterClear).to.equal(null);
    expect(r.result.sizeAfterClear).to.equal(0);
  });
});
