/**
 * The "IOC Enrichment - Alert Triage" playbook, described here as a small graph and rendered into
 * XSOAR playbook YAML. Generating it keeps what hand-editing gets wrong consistent: deterministic
 * UUIDs (`taskid` = `task.id`, PB108/PB109), left-to-right `view` positions, one fan-out task per
 * provider of the registry, and the routing thresholds wired to the playbook inputs.
 *
 * Flow: start → extractIndicators (incident fields) → one `IOCEnrich|||ioc-enrich-provider` task per
 * provider, in parallel, continueonerror → join → IOCEnrichRoute (score, coverage, IOCEnrich.Alert.*,
 * severity, triage note) → condition "Route by score":
 *   High    Score ≥ inputs.HighThreshold                                 → severity High, high queue, analyst note
 *   Medium  Score < High AND (Score ≥ Medium OR Partial OR Action=review) → severity Medium, medium queue
 *   Low     Score < Medium AND NOT Partial AND Action=auto_close          → closeInvestigation (note + reason)
 *   #default# (no score: the route task failed)                          → medium queue (a human looks)
 * A partial enrichment fails the Low condition, so it never reaches the close. Nothing blocks.
 */
import { createHash } from 'node:crypto';
import { stringify } from 'yaml';
import { PROVIDERS } from '../../scripts/core/providers/index';
import { FROM_VERSION, PACK_ID } from './config';

export const PLAYBOOK_ID = 'IOC Enrichment - Alert Triage';
export const PLAYBOOK_FILE_NAME = 'IOC_Enrichment_-_Alert_Triage.yml';

/** Deterministic RFC 4122 version-5-style UUID from a name (sha1), so regenerating never churns ids. */
export function stableUuid(name: string): string {
  const h = createHash('sha1').update('ioc-enrich/' + name).digest();
  h[6] = (h[6] & 0x0f) | 0x50;
  h[8] = (h[8] & 0x3f) | 0x80;
  const x = h.subarray(0, 16).toString('hex');
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20, 32)}`;
}

type Value = { simple: string } | { complex: Record<string, unknown> };
const simple = (s: string): Value => ({ simple: s });
const ctx = (path: string) => ({ value: { simple: path }, iscontext: true });
const lit = (s: string) => ({ value: { simple: s } });

export interface ConditionClause {
  operator: string;
  left: { value: { simple: string }; iscontext?: boolean };
  right?: { value: { simple: string }; iscontext?: boolean };
  ignorecase?: boolean;
}
/** Outer list: AND of groups; inner list: OR of clauses (XSOAR's condition shape). */
export type ConditionGroups = ConditionClause[][];

interface TaskSpec {
  key: string;
  type: 'start' | 'title' | 'regular' | 'condition';
  name: string;
  description?: string;
  script?: string; // 'Brand|||command'
  scriptName?: string; // automation id
  args?: Record<string, Value>;
  next?: Record<string, string[]>; // label → task keys
  conditions?: Array<{ label: string; condition: ConditionGroups }>;
  continueonerror?: boolean;
  col: number;
  row: number;
}

const SCORE = 'IOCEnrich.Alert.Score';
const PARTIAL = 'IOCEnrich.Alert.Partial';
const ACTION = 'IOCEnrich.Alert.Action';

/** The routing condition, exported so the graph-walk test evaluates exactly what ships. */
export const ROUTE_CONDITIONS: Array<{ label: 'High' | 'Medium' | 'Low'; condition: ConditionGroups }> = [
  {
    label: 'High',
    condition: [[{ operator: 'greaterThanOrEqual', left: ctx(SCORE), right: ctx('inputs.HighThreshold') }]],
  },
  {
    label: 'Medium',
    condition: [
      [{ operator: 'lessThan', left: ctx(SCORE), right: ctx('inputs.HighThreshold') }],
      [
        { operator: 'greaterThanOrEqual', left: ctx(SCORE), right: ctx('inputs.MediumThreshold') },
        { operator: 'isTrue', left: ctx(PARTIAL) },
        { operator: 'isEqualString', left: ctx(ACTION), right: lit('review'), ignorecase: true },
      ],
    ],
  },
  {
    label: 'Low',
    condition: [
      [{ operator: 'lessThan', left: ctx(SCORE), right: ctx('inputs.MediumThreshold') }],
      [{ operator: 'isFalse', left: ctx(PARTIAL) }],
      [{ operator: 'isEqualString', left: ctx(ACTION), right: lit('auto_close'), ignorecase: true }],
    ],
  },
];

export const PLAYBOOK_INPUTS = [
  { key: 'HighThreshold', value: simple('70'), required: true, description: 'Alert score at or above which the alert is escalated (High branch).' },
  { key: 'MediumThreshold', value: simple('40'), required: true, description: 'Alert score at or above which the alert is queued for review (Medium branch); below it, a complete enrichment is auto-closed with a note.' },
  { key: 'HighPriorityOwner', value: simple(''), required: false, description: 'User to own escalated (High) alerts. Leave empty to assign by role only.' },
  { key: 'HighPriorityRole', value: simple(''), required: false, description: 'Role (queue) for escalated (High) alerts, e.g. "Tier 2".' },
  { key: 'MediumQueueOwner', value: simple(''), required: false, description: 'User to own alerts queued for review (Medium, partial or unscored).' },
  { key: 'MediumQueueRole', value: simple(''), required: false, description: 'Role (queue) for alerts queued for review (Medium, partial or unscored), e.g. "Tier 1".' },
  { key: 'CloseReason', value: simple('Resolved'), required: true, description: 'Close reason for Low alerts (one of the server\'s close reasons, e.g. Resolved, False Positive, Other).' },
  { key: 'Refresh', value: simple('false'), required: false, description: 'true to bypass the IOCEnrich result cache.' },
];

export const PLAYBOOK_OUTPUTS = [
  { contextPath: 'IOCEnrich.Alert.Score', description: 'Alert score: the highest indicator score (0-100).', type: 'number' },
  { contextPath: 'IOCEnrich.Alert.Tier', description: 'high, medium or low.', type: 'string' },
  { contextPath: 'IOCEnrich.Alert.Action', description: 'escalate, review or auto_close. Nothing is ever blocked automatically.', type: 'string' },
  { contextPath: 'IOCEnrich.Alert.Partial', description: 'True when a provider lookup failed; a partial alert is never auto-closed.', type: 'boolean' },
  { contextPath: 'IOCEnrich.Alert.Note', description: 'Summary of the evidence (close note / analyst note).', type: 'string' },
  { contextPath: 'IOCEnrich.Alert.Route', description: 'The branch taken: High, Medium or Low.', type: 'string' },
  { contextPath: 'IOCEnrich.ProviderResult', description: 'Every provider\'s result per indicator (status, error kind, signal, facts, link).', type: 'unknown' },
  { contextPath: 'ExtractedIndicators', description: 'Indicators extracted from the incident fields.', type: 'unknown' },
];

/**
 * Flattens `ExtractedIndicators` ({IP: [...], Domain: [...], ...}) into one list whatever the
 * indicator type names are (XSOAR DT `.=` expression, evaluated by the server's JS engine).
 */
export const EXTRACTED_LIST_DT = '${ExtractedIndicators.=Object.keys(val).reduce(function (all, k) { return all.concat(val[k]); }, [])}';

function specs(): TaskSpec[] {
  const providerKeys = PROVIDERS.map((p) => 'provider:' + p.id);
  const tasks: TaskSpec[] = [
    { key: 'start', type: 'start', name: '', col: 0, row: 0, next: { '#none#': ['extract'] } },
    {
      key: 'extract',
      type: 'regular',
      name: 'Extract indicators from the alert',
      description: 'Extracts IPs, domains, URLs, hashes (defanged forms too) from every incident field.',
      script: 'Builtin|||extractIndicators',
      args: { text: { complex: { root: 'incident' } } },
      col: 1,
      row: 0,
      next: { '#none#': providerKeys },
    },
    ...PROVIDERS.map((p, i): TaskSpec => ({
      key: 'provider:' + p.id,
      type: 'regular',
      name: 'Enrich with ' + p.name,
      description: `Looks the extracted indicators up in ${p.name} only (IOCEnrich provider fan-out). A failure continues; IOCEnrichRoute counts it as partial.`,
      script: `${PACK_ID}|||ioc-enrich-provider`,
      args: { provider: simple(p.id), indicators: simple(EXTRACTED_LIST_DT), refresh: simple('${inputs.Refresh}') },
      continueonerror: true,
      col: 2,
      row: i - (PROVIDERS.length - 1) / 2,
      next: { '#none#': ['join'] },
    })),
    { key: 'join', type: 'title', name: 'Enrichment complete', description: 'Waits for every provider task.', col: 3, row: 0, next: { '#none#': ['route'] } },
    {
      key: 'route',
      type: 'regular',
      name: 'Score and route the alert',
      description: 'IOCEnrichRoute: composite score, coverage, IOCEnrich.Alert.*, incident severity, triage note with the breakdown.',
      scriptName: 'IOCEnrichRoute',
      args: { high: simple('${inputs.HighThreshold}'), medium: simple('${inputs.MediumThreshold}') },
      continueonerror: true,
      col: 4,
      row: 0,
      next: { '#none#': ['condition'] },
    },
    {
      key: 'condition',
      type: 'condition',
      name: 'Route by score',
      description: 'High ≥ HighThreshold; Medium ≥ MediumThreshold, partial, or no evidence; Low below MediumThreshold with complete enrichment; otherwise (no score) review.',
      conditions: ROUTE_CONDITIONS,
      col: 5,
      row: 0,
      next: { High: ['high'], Medium: ['medium'], Low: ['low'], '#default#': ['medium'] },
    },
    {
      key: 'high',
      type: 'regular',
      name: 'Escalate: severity High, high-priority queue',
      description: 'Sets severity High, assigns the owner / role from the inputs and writes the analyst note.',
      script: 'Builtin|||setIncident',
      args: {
        severity: simple('3'),
        owner: simple('${inputs.HighPriorityOwner}'),
        roles: simple('${inputs.HighPriorityRole}'),
        details: simple('IOC Enrich escalation: ${IOCEnrich.Alert.Note}'),
      },
      col: 6,
      row: -1,
      next: { '#none#': ['done'] },
    },
    {
      key: 'medium',
      type: 'regular',
      name: 'Review: severity Medium, medium queue',
      description: 'Sets severity Medium and assigns the review queue (also for partial or unscored enrichments).',
      script: 'Builtin|||setIncident',
      args: {
        severity: simple('2'),
        owner: simple('${inputs.MediumQueueOwner}'),
        roles: simple('${inputs.MediumQueueRole}'),
        details: simple('IOC Enrich review: ${IOCEnrich.Alert.Note}'),
      },
      col: 6,
      row: 0,
      next: { '#none#': ['done'] },
    },
    {
      key: 'low',
      type: 'regular',
      name: 'Auto-close with the enrichment summary',
      description: 'Closes the investigation: complete enrichment, score below MediumThreshold. The close note carries the evidence.',
      script: 'Builtin|||closeInvestigation',
      args: { closeNotes: simple('${IOCEnrich.Alert.Note}'), closeReason: simple('${inputs.CloseReason}') },
      col: 6,
      row: 1,
      next: { '#none#': ['done'] },
    },
    { key: 'done', type: 'title', name: 'Done', col: 7, row: 0 },
  ];
  return tasks;
}

const COL_WIDTH = 420;
const ROW_HEIGHT = 200;
const X0 = 50;
const Y0 = 50 + ((PROVIDERS.length - 1) / 2) * ROW_HEIGHT;

/** The playbook as a plain object (what the YAML file holds). */
export function playbookObject(): Record<string, any> {
  const list = specs();
  const ids = new Map<string, string>();
  list.forEach((t, i) => ids.set(t.key, String(i)));
  const tasks: Record<string, any> = {};
  let maxX = 0;
  let maxY = 0;
  for (const t of list) {
    const id = ids.get(t.key)!;
    const uuid = stableUuid(PLAYBOOK_ID + '/' + t.key);
    const x = X0 + t.col * COL_WIDTH;
    const y = Math.round(Y0 + t.row * ROW_HEIGHT);
    maxX = Math.max(maxX, x);
    maxY = Math.max(maxY, y);
    const [brand] = t.script ? t.script.split('|||') : [''];
    const task: Record<string, any> = {
      id,
      taskid: uuid,
      type: t.type,
      task: {
        id: uuid,
        version: -1,
        name: t.name,
        description: t.description ?? '',
        type: t.type,
        iscommand: Boolean(t.script),
        brand: t.script ? brand : '',
        ...(t.script ? { script: t.script } : {}),
        ...(t.scriptName ? { scriptName: t.scriptName } : {}),
      },
    };
    if (t.next) {
      const next: Record<string, string[]> = {};
      for (const [label, keys] of Object.entries(t.next)) next[label] = keys.map((k) => ids.get(k)!);
      task.nexttasks = next;
    }
    if (t.args) task.scriptarguments = t.args;
    if (t.conditions) task.conditions = t.conditions;
    Object.assign(task, {
      separatecontext: false,
      continueonerror: t.continueonerror ?? false,
      continueonerrortype: '',
      view: JSON.stringify({ position: { x, y } }),
      note: false,
      timertriggers: [],
      ignoreworker: false,
      skipunavailable: false,
      quietmode: 0,
      isoversize: false,
      isautoswitchedtoquietmode: false,
    });
    if (t.key === 'extract') task.reputationcalc = 2; // inline extraction (reference §5.2)
    tasks[id] = task;
  }
  return {
    id: PLAYBOOK_ID,
    version: -1,
    name: PLAYBOOK_ID,
    description:
      'Triage for new alerts: extracts the indicators, enriches them with every IOCEnrich provider in parallel, scores and routes the alert — ' +
      'High (≥ HighThreshold) escalates, Medium (≥ MediumThreshold, partial or unscored) goes to the review queue, Low (complete enrichment below MediumThreshold) ' +
      'is closed with the evidence as close note. Informational only: nothing is blocked or contained.',
    starttaskid: '0',
    tasks,
    view: JSON.stringify({
      linkLabelsPosition: {},
      paper: { dimensions: { height: maxY + 250, width: maxX + 400, x: X0, y: 50 } },
    }),
    inputs: PLAYBOOK_INPUTS.map((i) => ({ key: i.key, value: i.value, required: i.required, description: i.description, playbookInputQuery: null })),
    outputs: PLAYBOOK_OUTPUTS,
    tests: ['No tests (auto formatted)'],
    fromversion: FROM_VERSION,
    marketplaces: ['xsoar', 'marketplacev2'],
  };
}

/** The playbook YAML text (the committed `playbooks/IOC_Enrichment_-_Alert_Triage.yml`). */
export function playbookYaml(): string {
  return (
    '# Generated by build/pack/playbook.ts (`npx tsx build/pack/cli.ts sources`); edit the generator, not this file.\n' +
    stringify(playbookObject(), { lineWidth: 0 })
  );
}
