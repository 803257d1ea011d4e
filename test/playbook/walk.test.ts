/**
 * Walks the committed triage playbook graph on sample contexts, evaluating the condition operators
 * the playbook uses the way XSOAR does (groups AND-ed, clauses OR-ed, first matching label, else
 * #default#), and asserts which branch each alert reaches. The "partial" samples come from the real
 * IOCEnrichRoute script run in the otto interpreter.
 */
import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { actionFor, tierFor } from '../../scripts/core/engine/routing';
import { PROVIDERS } from '../../scripts/core/providers/index';
import { bundleXsoarScript } from '../../build/xsoar/bundle.mjs';
import { runInXsoar } from '../xsoar/host';

const repoRoot = join(__dirname, '..', '..');
const playbook = parseYaml(readFileSync(join(repoRoot, 'playbooks', 'IOC_Enrichment_-_Alert_Triage.yml'), 'utf8')) as Record<string, any>;
const tasks = playbook.tasks as Record<string, any>;

type Ctx = Record<string, any>;

function defaultsOf(pb: Record<string, any>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const i of pb.inputs) out[i.key] = i.value && 'simple' in i.value ? i.value.simple : '';
  return out;
}

/** XSOAR context lookup for `a.b.c` (arrays flattened; `inputs.X` from the playbook inputs). */
function lookup(ctx: Ctx, inputs: Record<string, string>, path: string): unknown[] {
  if (path.startsWith('inputs.')) {
    const v = inputs[path.slice(7)];
    return v === undefined || v === '' ? [] : [v];
  }
  let level: unknown[] = [ctx];
  for (const part of path.split('.')) {
    const next: unknown[] = [];
    const visit = (n: unknown) => {
      if (Array.isArray(n)) n.forEach(visit);
      else if (n && typeof n === 'object' && part in (n as Ctx)) next.push((n as Ctx)[part]);
    };
    level.forEach(visit);
    level = next;
  }
  return level.flat();
}

function operand(side: any, ctx: Ctx, inputs: Record<string, string>): unknown[] {
  if (!side) return [];
  const s = side.value.simple;
  return side.iscontext ? lookup(ctx, inputs, s) : [s];
}

const num = (x: unknown) => (x === '' || x === null || x === undefined || typeof x === 'boolean' ? NaN : Number(x));

/** The operators the playbook uses; an unknown operator fails the test rather than guessing. */
function clause(c: any, ctx: Ctx, inputs: Record<string, string>): boolean {
  const left = operand(c.left, ctx, inputs);
  const right = operand(c.right, ctx, inputs);
  const r = right[0];
  const any = (f: (l: unknown) => boolean) => left.some(f);
  switch (c.operator) {
    case 'greaterThanOrEqual':
      return any((l) => num(l) >= num(r));
    case 'lessThan':
      return any((l) => num(l) < num(r));
    case 'isTrue':
      return any((l) => l === true || String(l).toLowerCase() === 'true');
    case 'isFalse':
      return any((l) => l === false || String(l).toLowerCase() === 'false');
    case 'isEqualString':
      return any((l) => (c.ignorecase ? String(l).toLowerCase() === String(r).toLowerCase() : String(l) === String(r)));
    case 'isExists':
      return left.length > 0;
    default:
      throw new Error(`walk: operator ${c.operator} not implemented — teach the evaluator before using it in the playbook`);
  }
}

function conditionHolds(groups: any[][], ctx: Ctx, inputs: Record<string, string>): boolean {
  return groups.every((g) => g.some((c) => clause(c, ctx, inputs)));
}

interface Walk {
  branch: string;
  visited: string[];
  names: string[];
}

function walk(ctx: Ctx, inputOverrides: Record<string, string> = {}): Walk {
  const inputs = { ...defaultsOf(playbook), ...inputOverrides };
  const visited: string[] = [];
  let branch = '';
  const queue = [String(playbook.starttaskid)];
  while (queue.length) {
    const id = queue.shift()!;
    if (visited.includes(id)) continue;
    visited.push(id);
    const t = tasks[id];
    const next = (t.nexttasks ?? {}) as Record<string, string[]>;
    if (t.type === 'condition') {
      const hit = (t.conditions as any[]).find((c) => conditionHolds(c.condition, ctx, inputs));
      branch = hit ? hit.label : '#default#';
      queue.push(...(next[branch] ?? []));
    } else {
      queue.push(...(next['#none#'] ?? []));
    }
  }
  return { branch, visited, names: visited.map((id) => tasks[id].task.name) };
}

function alertCtx(score: number, partial = false, action?: string): Ctx {
  return { IOCEnrich: { Alert: { Score: score, Partial: partial, Action: action ?? actionFor(tierFor(score)) } } };
}

function taskNamed(w: Walk, script: string): any {
  const id = w.visited.find((i) => tasks[i].task.script === script);
  return id === undefined ? undefined : tasks[id];
}

describe('playbook graph walk: IOC Enrichment - Alert Triage', function () {
  for (const [score, branch] of [[0, 'Low'], [39, 'Low'], [40, 'Medium'], [69, 'Medium'], [70, 'High'], [100, 'High']] as Array<[number, string]>) {
    it(`score ${score} (complete enrichment) → ${branch}`, function () {
      const w = walk(alertCtx(score));
      expect(w.branch).to.equal(branch);
      expect(w.names).to.include('Done');
      const close = taskNamed(w, 'Builtin|||closeInvestigation');
      if (branch === 'Low') {
        expect(close, 'Low closes').to.exist;
        expect(close.scriptarguments.closeNotes.simple).to.equal('${IOCEnrich.Alert.Note}');
        expect(close.scriptarguments.closeReason.simple).to.equal('${inputs.CloseReason}');
      } else {
        expect(close, `${branch} never closes`).to.be.undefined;
        const set = taskNamed(w, 'Builtin|||setIncident');
        expect(set.scriptarguments.severity.simple).to.equal(branch === 'High' ? '3' : '2');
      }
    });
  }

  it('runs every provider task (parallel fan-out from the extraction) before the join', function () {
    const w = walk(alertCtx(10));
    const providerTasks = w.visited.filter((id) => tasks[id].task.script === 'IOCEnrich|||ioc-enrich-provider');
    expect(providerTasks.map((id) => tasks[id].scriptarguments.provider.simple)).to.have.members(PROVIDERS.map((p) => p.id));
    for (const id of providerTasks) expect(tasks[id].continueonerror).to.equal(true);
    const extract = Object.values(tasks).find((t: any) => t.task.script === 'Builtin|||extractIndicators') as any;
    expect(extract.nexttasks['#none#']).to.have.length(PROVIDERS.length);
  });

  it('a partial enrichment with a low score goes to Medium, never the Low close', function () {
    expect(walk(alertCtx(10, true, 'review')).branch).to.equal('Medium');
    // Defence in depth: even if Action said auto_close, Partial alone keeps it out of Low.
    const w = walk(alertCtx(10, true, 'auto_close'));
    expect(w.branch).to.equal('Medium');
    expect(taskNamed(w, 'Builtin|||closeInvestigation')).to.be.undefined;
  });

  it('no evidence (score 0, review) goes to Medium; no score at all takes #default# to the review queue', function () {
    expect(walk(alertCtx(0, false, 'review')).branch).to.equal('Medium');
    const w = walk({});
    expect(w.branch).to.equal('#default#');
    expect(taskNamed(w, 'Builtin|||setIncident').scriptarguments.severity.simple).to.equal('2');
    expect(taskNamed(w, 'Builtin|||closeInvestigation')).to.be.undefined;
  });

  it('takes the thresholds from the playbook inputs', function () {
    expect(walk(alertCtx(75, false, 'review'), { HighThreshold: '80', MediumThreshold: '50' }).branch).to.equal('Medium');
    expect(walk(alertCtx(45, false, 'auto_close'), { HighThreshold: '80', MediumThreshold: '50' }).branch).to.equal('Low');
    expect(walk(alertCtx(80), { HighThreshold: '80' }).branch).to.equal('High');
  });

  describe('with the context IOCEnrichRoute writes (otto)', function () {
    let code: string;
    before(async function () {
      this.timeout(120000);
      code = await bundleXsoarScript('scripts/xsoar/scripts/IOCEnrichRoute.ts');
    });

    async function routeCtx(results: unknown[]): Promise<{ ctx: Ctx; label: string }> {
      const run = await runInXsoar({ code, args: { high: '70', medium: '40' }, invContext: { IOCEnrich: { ProviderResult: results } }, executeCommand: { setIncident: [{ Type: 1, Contents: 'done', ContentsFormat: 'text' }] } });
      expect(run.error).to.equal(undefined);
      const ctx: Ctx = {};
      ctx.IOCEnrich = { Alert: run.result.EntryContext['IOCEnrich.Alert'] };
      return { ctx, label: run.result.Contents };
    }

    it('a partial result (one provider timed out, the other clean) → Medium, the label the script returned', async function () {
      const { ctx, label } = await routeCtx([
        { Provider: 'virustotal', Value: '203.0.113.9', Type: 'ipv4', Status: 'ok', Malicious: 0, Confidence: 1, Weight: 60 },
        { Provider: 'abuseipdb', Value: '203.0.113.9', Type: 'ipv4', Status: 'error', Kind: 'timeout', Message: 'timed out' },
      ]);
      expect(ctx.IOCEnrich.Alert.Partial).to.equal(true);
      expect(label).to.equal('Medium');
      expect(walk(ctx).branch).to.equal('Medium');
    });

    it('a complete clean result → Low (auto-close), a malicious one → High', async function () {
      const clean = await routeCtx([{ Provider: 'virustotal', Value: 'example.org', Type: 'domain', Status: 'ok', Malicious: 0.1, Confidence: 1, Weight: 60 }]);
      expect(clean.label).to.equal('Low');
      expect(walk(clean.ctx).branch).to.equal('Low');
      const bad = await routeCtx([{ Provider: 'virustotal', Value: 'evil.example', Type: 'domain', Status: 'ok', Malicious: 0.9, Confidence: 1, Weight: 60 }]);
      expect(bad.label).to.equal('High');
      expect(walk(bad.ctx).branch).to.equal('High');
    });
  });
});
