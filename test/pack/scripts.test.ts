/**
 * The pack's scripts, bundled to ES5 and run in the otto interpreter: IOCEnrichScore (same numbers
 * as the core's scoreIndicator, DBotScore from other vendors), IOCEnrichTier (boundaries), and
 * IOCEnrichRoute (context, setIncident through executeCommand, the branch label, the coverage rule).
 */
import { expect } from 'chai';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { scoreIndicator } from '../../scripts/core/engine/scoring';
import { bundleXsoarScript } from '../../build/xsoar/bundle.mjs';
import { SCRIPTS, scriptYaml } from '../../build/pack/scripts';
import { runInXsoar, XsoarRun } from '../xsoar/host';

const code: Record<string, string> = {};
const OK_SET_INCIDENT = { setIncident: [{ Type: 1, Contents: 'done', ContentsFormat: 'text' }] };

async function run(name: string, args: Record<string, unknown>, extra: Partial<Parameters<typeof runInXsoar>[0]> = {}): Promise<XsoarRun> {
  const r = await runInXsoar({ code: code[name], args, ...extra });
  return r;
}

const pr = (provider: string, value: string, malicious: number | null, status = 'ok', extra: Record<string, unknown> = {}) => ({
  Provider: provider, Value: value, Type: 'ipv4', Status: status, ...(malicious === null ? {} : { Malicious: malicious, Confidence: 1 }), ...extra,
});

describe('XSOAR pack scripts (otto)', function () {
  before(async function () {
    this.timeout(180000);
    for (const s of SCRIPTS) code[s.name] = await bundleXsoarScript(s.entry);
  });

  describe('IOCEnrichScore', function () {
    it('equals the core scoreIndicator on IOCEnrich.ProviderResult objects (VT + AbuseIPDB)', async function () {
      const items = [pr('virustotal', '198.51.100.7', 0.35, 'ok', { Weight: 60 }), pr('abuseipdb', '198.51.100.7', 0.9, 'ok', { Weight: 40 }), pr('shodan', '198.51.100.7', null, 'error', { Kind: 'timeout' })];
      const expected = scoreIndicator(
        [
          { provider: 'virustotal', status: 'ok', signal: { malicious: 0.35, confidence: 1 } },
          { provider: 'abuseipdb', status: 'ok', signal: { malicious: 0.9, confidence: 1 } },
          { provider: 'shodan', status: 'error', kind: 'timeout' },
        ],
        { virustotal: 60, abuseipdb: 40, shodan: 10 },
      ).score;
      const r = await run('IOCEnrichScore', { value: items });
      expect(r.error).to.equal(undefined);
      expect(r.result).to.be.closeTo(expected, 1e-9);
      expect(r.result).to.be.closeTo(0.35 * 60 + 0.9 * 40, 1e-9); // the seed's formula
    });

    it('the alert score is the highest indicator score; a JSON string value works too', async function () {
      const items = [pr('virustotal', 'a.example', 0.2, 'ok', { Weight: 60 }), pr('virustotal', 'b.example', 0.8, 'ok', { Weight: 60 })];
      expect((await run('IOCEnrichScore', { value: JSON.stringify(items) })).result).to.be.closeTo(80, 1e-9);
    });

    it('maps DBotScore from other vendors: 3 → 1, 2 → 0.5, 1 → 0, 0 ignored', async function () {
      const d = (vendor: string, score: number, indicator = 'bad.example') => ({ Indicator: indicator, Type: 'domain', Vendor: vendor, Score: score, Reliability: 'B - Usually reliable' });
      expect((await run('IOCEnrichScore', { value: [d('Acme', 3)] })).result).to.equal(100);
      expect((await run('IOCEnrichScore', { value: [d('Acme', 2)] })).result).to.equal(50);
      expect((await run('IOCEnrichScore', { value: [d('Acme', 1)] })).result).to.equal(0);
      // 0 is ignored: it neither adds nor dilutes.
      expect((await run('IOCEnrichScore', { value: [d('Acme', 3), d('Other', 0)] })).result).to.equal(100);
      // Equal default weight (50): bad + good = 50.
      expect((await run('IOCEnrichScore', { value: [d('Acme', 3), d('Other', 1)] })).result).to.equal(50);
      // A vendor that is one of our providers keeps its weight: VirusTotal 60 bad vs unknown vendor 50 good.
      expect((await run('IOCEnrichScore', { value: [d('VirusTotal', 3), d('Other', 1)] })).result).to.be.closeTo((60 / 110) * 100, 1e-9);
      expect((await run('IOCEnrichScore', { value: [d('Acme', 3), d('Other', 1)], dbot_weight: '0' })).result).to.equal(0);
      expect((await run('IOCEnrichScore', { value: [] })).result).to.equal(0);
    });

    it("ignores IOC Enrich's own DBotScore when IOCEnrich results exist for the indicator (no double counting)", async function () {
      const items = [pr('virustotal', '198.51.100.7', 0.1, 'ok', { Weight: 60 }), { Indicator: '198.51.100.7', Type: 'ip', Vendor: 'IOC Enrich', Score: 3 }];
      expect((await run('IOCEnrichScore', { value: items })).result).to.be.closeTo(10, 1e-9);
    });

    it('takes IOCEnrich.Indicator scores; allowlisted indicators score 0; decimals rounds', async function () {
      const items = [{ Value: 'x.example', Type: 'domain', Score: 64.44, Tier: 'medium' }, { Value: 'cdn.example', Type: 'domain', Score: 90, Allowlisted: 'builtin CDN' }];
      expect((await run('IOCEnrichScore', { value: items, decimals: '1' })).result).to.equal(64.4);
    });

    it('rejects a bad dbot_weight with a clear error', async function () {
      const r = await run('IOCEnrichScore', { value: [], dbot_weight: 'heavy' });
      expect(r.error).to.match(/dbot_weight must be a number/);
    });
  });

  describe('IOCEnrichTier', function () {
    for (const [score, tier] of [[0, 'Low'], [39.99, 'Low'], [40, 'Medium'], [69, 'Medium'], [70, 'High'], ['100', 'High']] as Array<[number | string, string]>) {
      it(`${JSON.stringify(score)} → ${tier}`, async function () {
        expect((await run('IOCEnrichTier', { value: score })).result).to.equal(tier);
      });
    }
    it('uses the high / medium args and rejects non-scores and swapped thresholds', async function () {
      expect((await run('IOCEnrichTier', { value: 75, high: '80', medium: '50' })).result).to.equal('Medium');
      expect((await run('IOCEnrichTier', { value: [85], high: '80' })).result).to.equal('High');
      expect((await run('IOCEnrichTier', { value: 'abc' })).error).to.match(/must be a score/);
      expect((await run('IOCEnrichTier', { value: 50, high: '30', medium: '60' })).error).to.match(/above the high threshold/);
    });
  });

  describe('IOCEnrichRoute', function () {
    const ctx = (results: unknown[]) => ({ IOCEnrich: { ProviderResult: results } });

    it('High: writes IOCEnrich.Alert.*, sets severity 3 through setIncident, returns the label with a breakdown note', async function () {
      const r = await run('IOCEnrichRoute', { high: '70', medium: '40' }, { invContext: ctx([pr('virustotal', '198.51.100.7', 0.9, 'ok', { Weight: 60 }), pr('abuseipdb', '198.51.100.7', 0.8, 'ok', { Weight: 40 })]), executeCommand: OK_SET_INCIDENT });
      expect(r.error).to.equal(undefined);
      expect(r.executeCommandCalls).to.deep.equal([{ name: 'setIncident', args: { severity: 3 } }]);
      expect(r.result.Contents).to.equal('High');
      expect(r.result.Type).to.equal(1);
      expect(r.result.Note).to.equal(true);
      const alert = r.result.EntryContext['IOCEnrich.Alert'];
      expect(alert).to.include({ Tier: 'high', Action: 'escalate', Partial: false, Route: 'High' });
      expect(alert.Score).to.be.closeTo(0.9 * 60 + 0.8 * 40, 1e-9);
      expect(alert.Coverage).to.deep.equal({ Answered: 2, Failed: 0, Skipped: 0, Total: 2 });
      expect(r.result.HumanReadable).to.contain('|198.51.100.7|ipv4|86|high|');
      expect(alert.Note).to.contain('nothing was blocked');
    });

    it('a failed lookup keeps a low score out of Low: Medium, Partial, severity 2', async function () {
      const r = await run('IOCEnrichRoute', {}, { invContext: ctx([pr('virustotal', '198.51.100.7', 0, 'ok', { Weight: 60 }), pr('greynoise', '198.51.100.7', null, 'error', { Kind: 'rate_limited' })]), executeCommand: OK_SET_INCIDENT });
      expect(r.result.Contents).to.equal('Medium');
      expect(r.result.EntryContext['IOCEnrich.Alert']).to.include({ Partial: true, Action: 'review', Score: 0 });
      expect(r.result.EntryContext['IOCEnrich.Alert'].Note).to.contain('greynoise rate_limited');
      expect(r.executeCommandCalls[0].args).to.deep.equal({ severity: 2 });
    });

    it('Low only for a complete, clean enrichment; severity 1', async function () {
      const r = await run('IOCEnrichRoute', {}, { invContext: ctx([pr('virustotal', '198.51.100.7', 0.05, 'ok', { Weight: 60 }), pr('abuseipdb', '198.51.100.7', null, 'not_found')]), executeCommand: OK_SET_INCIDENT });
      expect(r.result.Contents).to.equal('Low');
      expect(r.result.EntryContext['IOCEnrich.Alert']).to.include({ Action: 'auto_close', Partial: false });
      expect(r.executeCommandCalls[0].args).to.deep.equal({ severity: 1 });
    });

    it('no enrichment in the context is no evidence: Medium, not Low', async function () {
      const r = await run('IOCEnrichRoute', {}, { invContext: {}, executeCommand: OK_SET_INCIDENT });
      expect(r.result.Contents).to.equal('Medium');
      expect(r.result.EntryContext['IOCEnrich.Alert'].Note).to.contain('no indicators found');
    });

    it('takes results from the args, counts context DBotScore only when asked, and can leave the severity alone', async function () {
      const dbot = [{ Indicator: 'evil.example', Type: 'domain', Vendor: 'Acme', Score: 3 }];
      const a = await run('IOCEnrichRoute', { results: dbot, set_severity: 'false' }, { invContext: {} });
      expect(a.result.Contents).to.equal('High');
      expect(a.executeCommandCalls).to.deep.equal([]);
      const b = await run('IOCEnrichRoute', { include_dbot: 'true', set_severity: 'false' }, { invContext: { DBotScore: dbot } });
      expect(b.result.Contents).to.equal('High');
      const c = await run('IOCEnrichRoute', { set_severity: 'false' }, { invContext: { DBotScore: dbot } });
      expect(c.result.Contents).to.equal('Medium');
    });

    it('a failing setIncident is reported, not fatal: the label still comes back', async function () {
      const r = await run('IOCEnrichRoute', {}, { invContext: ctx([pr('virustotal', '198.51.100.7', 1, 'ok', { Weight: 60 })]), executeCommand: { setIncident: [{ Type: 4, Contents: 'no permission', ContentsFormat: 'text' }] } });
      expect(r.error).to.equal(undefined);
      expect(r.result.Contents).to.equal('High');
      expect(r.result.HumanReadable).to.contain('setIncident failed (no permission)');
      expect(r.logs.some((l) => l.level === 'error')).to.equal(true);
    });
  });

  describe('unified script YAML', function () {
    let dir: string;
    before(() => (dir = mkdtempSync(join(tmpdir(), 'pack-scripts-'))));
    after(() => rmSync(dir, { recursive: true, force: true }));

    it('each script is a JavaScript unified YAML with its tags, and runs from the YAML', async function () {
      this.timeout(60000);
      for (const s of SCRIPTS) {
        const text = await scriptYaml(s, '1.0.0');
        const doc = parseYaml(text);
        expect(doc.type).to.equal('javascript');
        expect(doc.commonfields.id).to.equal(s.name);
        expect(doc.script.startsWith('// pack version: 1.0.0\nreturn (function')).to.equal(true);
        expect(doc).not.to.have.property('dockerimage');
        if (s.name === 'IOCEnrichScore') expect(doc.tags).to.include.members(['transformer', 'entirelist']);
        if (s.name === 'IOCEnrichTier') expect(doc.tags).to.include('transformer');
        const file = join(dir, `script-${s.name}.yml`);
        writeFileSync(file, text);
        const r = await runInXsoar({ yamlPath: file, args: s.name === 'IOCEnrichTier' ? { value: 70 } : s.name === 'IOCEnrichScore' ? { value: [] } : { set_severity: 'false' }, invContext: {} });
        expect(r.error).to.equal(undefined);
        expect(r.result).to.satisfy((x: any) => x === 'High' || x === 0 || x.Contents === 'Medium');
      }
    });
  });
});
