/**
 * Content rules modelled on demisto-sdk's validators (codes kept so a reader can look them up):
 * IN101 IN107 IN144 IN154 for integrations, PB103 PB105 PB106 PB108 PB109 PB122 PB126 for
 * playbooks, PA108 for pack metadata, plus IE100 (this project's rule: nothing blocks or contains).
 * Every problem names the file, the path inside it and the fix.
 */
export interface Problem {
  code: string;
  file: string;
  /** Path inside the document, e.g. `script.commands[0].outputs` or `tasks.5.nexttasks`. */
  path: string;
  message: string;
  fix: string;
}

export function formatProblem(p: Problem): string {
  return `${p.file}: ${p.path || '(root)'}: [${p.code}] ${p.message} Fix: ${p.fix}`;
}

type Doc = Record<string, any>;

/** Generic reputation commands and the standard output each must declare (sdk IOC_OUTPUTS_DICT). */
export const REPUTATION_OUTPUTS: Record<string, string[]> = {
  ip: ['IP.Address'],
  domain: ['Domain.Name'],
  url: ['URL.Data'],
  file: ['File.MD5', 'File.SHA1', 'File.SHA256'],
  email: ['Account.Email.Address'],
  cve: ['CVE.ID'],
};

/** sdk DBOT_SCORES_DICT: the exact descriptions IN101 requires. */
export const DBOT_DESCRIPTIONS: Record<string, string> = {
  'DBotScore.Indicator': 'The indicator that was tested.',
  'DBotScore.Type': 'The indicator type.',
  'DBotScore.Vendor': 'The vendor used to calculate the score.',
  'DBotScore.Score': 'The actual score.',
};

export const RELIABILITY_OPTIONS = [
  'A - Completely reliable', 'B - Usually reliable', 'C - Fairly reliable',
  'D - Not usually reliable', 'E - Unreliable', 'F - Reliability cannot be judged',
];

export const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Commands and scripts that would block, isolate, quarantine or otherwise act — never in this pack. */
export const ACTING_RE = /(^|[^a-z])(block|unblock|isolate|quarantine|contain|disable|suspend|kill|delete-?file|ban)([^a-z]|$)/i;

function commandsOf(doc: Doc): Doc[] {
  return Array.isArray(doc?.script?.commands) ? doc.script.commands : [];
}

export function integrationRules(file: string, doc: Doc): Problem[] {
  const out: Problem[] = [];
  const commands = commandsOf(doc);
  let hasReputation = false;
  commands.forEach((c, ci) => {
    const at = `script.commands[${ci}]`;
    const outputs: Doc[] = Array.isArray(c.outputs) ? c.outputs : [];
    const args: Doc[] = Array.isArray(c.arguments) ? c.arguments : [];
    const isRep = Object.prototype.hasOwnProperty.call(REPUTATION_OUTPUTS, c.name);
    if (isRep) hasReputation = true;
    // IN101: reputation commands (and any command with DBotScore outputs) declare DBotScore with the standard descriptions.
    const dbot = outputs.filter((o) => typeof o.contextPath === 'string' && o.contextPath.startsWith('DBotScore.'));
    if (isRep || dbot.length > 0) {
      for (const [path, desc] of Object.entries(DBOT_DESCRIPTIONS)) {
        const i = outputs.findIndex((o) => o.contextPath === path);
        if (i < 0) {
          out.push({ code: 'IN101', file, path: `${at}.outputs`, message: `command '${c.name}' lacks the DBotScore output ${path}.`, fix: `add {contextPath: ${path}, description: "${desc}"}.` });
        } else if (outputs[i].description !== desc) {
          out.push({ code: 'IN101', file, path: `${at}.outputs[${i}].description`, message: `${path} has description "${outputs[i].description}", not the standard one.`, fix: `use exactly "${desc}".` });
        }
      }
    }
    if (!isRep) return;
    // IN107: the standard indicator output.
    const wanted = REPUTATION_OUTPUTS[c.name];
    if (!outputs.some((o) => wanted.includes(o.contextPath))) {
      out.push({ code: 'IN107', file, path: `${at}.outputs`, message: `reputation command '${c.name}' lacks the standard indicator output (${wanted.join(' or ')}).`, fix: `add an output with contextPath ${wanted[0]}.` });
    }
    // IN144: the default argument of a reputation command is the list argument of the same name.
    const di = args.findIndex((a) => a.default === true);
    if (di < 0) {
      out.push({ code: 'IN144', file, path: `${at}.arguments`, message: `reputation command '${c.name}' has no default argument.`, fix: `mark the '${c.name}' argument default: true and isArray: true.` });
    } else if (args[di].isArray !== true) {
      out.push({ code: 'IN144', file, path: `${at}.arguments[${di}].isArray`, message: `the default argument '${args[di].name}' of reputation command '${c.name}' is not isArray.`, fix: 'set isArray: true (XSOAR passes several indicators at once).' });
    }
  });
  // IN154: integrations with reputation commands have a reliability param.
  if (hasReputation) {
    const conf: Doc[] = Array.isArray(doc.configuration) ? doc.configuration : [];
    const i = conf.findIndex((p) => p.name === 'reliability' || p.name === 'integrationReliability');
    if (i < 0) {
      out.push({ code: 'IN154', file, path: 'configuration', message: 'the integration has reputation commands but no reliability parameter.', fix: `add {name: reliability, display: Source Reliability, type: 15, required: true, options: [${RELIABILITY_OPTIONS.join(', ')}]}.` });
    } else {
      const p = conf[i];
      const missing = RELIABILITY_OPTIONS.filter((o) => !(Array.isArray(p.options) && p.options.includes(o)));
      if (p.type !== 15 || p.required !== true || missing.length > 0) {
        out.push({ code: 'IN154', file, path: `configuration[${i}]`, message: `the reliability parameter must be a required single select (type 15) with the standard options${missing.length ? `; missing: ${missing.join(', ')}` : ''}.`, fix: 'set type: 15, required: true and list every standard reliability option.' });
      }
    }
  }
  return out;
}

function scriptOf(task: Doc): string {
  return String(task?.task?.script ?? task?.task?.scriptName ?? '');
}

function argSimple(task: Doc, name: string): string | undefined {
  const v = task?.scriptarguments?.[name];
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'object' && 'simple' in v) return String(v.simple);
  if (typeof v === 'object' && 'complex' in v) return '<complex>';
  return typeof v === 'string' ? v : undefined;
}

export function playbookRules(file: string, doc: Doc): Problem[] {
  const out: Problem[] = [];
  const tasks: Record<string, Doc> = doc && typeof doc.tasks === 'object' && doc.tasks ? doc.tasks : {};
  const ids = Object.keys(tasks);
  // PB103: every task is reachable from the start task, and every edge points at a task.
  const start = String(doc.starttaskid ?? '');
  if (!tasks[start]) {
    out.push({ code: 'PB103', file, path: 'starttaskid', message: `starttaskid '${start}' is not a task.`, fix: 'point starttaskid at the start task\'s key (usually "0").' });
  }
  for (const id of ids) {
    for (const [label, targets] of Object.entries((tasks[id].nexttasks ?? {}) as Record<string, unknown>)) {
      if (!Array.isArray(targets)) continue;
      targets.forEach((t, k) => {
        if (!tasks[String(t)]) out.push({ code: 'PB103', file, path: `tasks.${id}.nexttasks.${label}[${k}]`, message: `edge to task '${t}', which does not exist.`, fix: 'point the edge at an existing task key or remove it.' });
      });
    }
  }
  const seen = new Set<string>();
  const queue = tasks[start] ? [start] : [];
  while (queue.length) {
    const id = queue.shift()!;
    if (seen.has(id)) continue;
    seen.add(id);
    for (const targets of Object.values((tasks[id].nexttasks ?? {}) as Record<string, unknown>)) {
      if (Array.isArray(targets)) for (const t of targets) if (tasks[String(t)] && !seen.has(String(t))) queue.push(String(t));
    }
  }
  for (const id of ids) {
    if (!seen.has(id)) out.push({ code: 'PB103', file, path: `tasks.${id}`, message: `task '${tasks[id]?.task?.name ?? id}' is not connected to the start task.`, fix: `add an edge to task ${id} from a reachable task (nexttasks), or delete it.` });
  }
  for (const id of ids) {
    const t = tasks[id];
    const at = `tasks.${id}`;
    // PB108 / PB109: taskid and task.id are UUIDs and equal.
    if (!UUID_RE.test(String(t.taskid ?? ''))) out.push({ code: 'PB108', file, path: `${at}.taskid`, message: `taskid '${t.taskid}' is not a UUID.`, fix: 'use a UUID (the same one in taskid and task.id).' });
    if (!UUID_RE.test(String(t.task?.id ?? ''))) out.push({ code: 'PB108', file, path: `${at}.task.id`, message: `task.id '${t.task?.id}' is not a UUID.`, fix: 'use a UUID (the same one in taskid and task.id).' });
    if (t.taskid !== t.task?.id) out.push({ code: 'PB109', file, path: `${at}.task.id`, message: `task.id '${t.task?.id}' differs from taskid '${t.taskid}'.`, fix: 'make task.id equal to taskid.' });
    if (String(t.id) !== id) out.push({ code: 'PB109', file, path: `${at}.id`, message: `id '${t.id}' differs from the task's key '${id}'.`, fix: `set id: "${id}".` });
    // PB122 / PB126: condition branches.
    if (t.type === 'condition') {
      const next: Record<string, unknown> = t.nexttasks ?? {};
      const nonEmpty = (label: string) => Array.isArray(next[label]) && (next[label] as unknown[]).length > 0;
      const conds: Doc[] = Array.isArray(t.conditions) ? t.conditions : [];
      const labels = conds.map((c) => String(c.label));
      const builtin = conds.length > 0;
      for (const [ci, c] of conds.entries()) {
        if (!nonEmpty(String(c.label))) out.push({ code: 'PB122', file, path: `${at}.conditions[${ci}]`, message: `condition branch '${c.label}' of '${t.task?.name}' leads nowhere.`, fix: `add nexttasks.${c.label}: [<task id>].` });
      }
      if (builtin && !nonEmpty('#default#')) out.push({ code: 'PB122', file, path: `${at}.nexttasks`, message: `the else branch (#default#) of '${t.task?.name}' is not handled.`, fix: "add nexttasks['#default#']: [<task id>] (what happens when no condition matches)." });
      for (const label of Object.keys(next)) {
        if (builtin && !['#default#', '#error#', '#none#'].includes(label) && !labels.includes(label)) {
          out.push({ code: 'PB122', file, path: `${at}.nexttasks.${label}`, message: `branch '${label}' has no condition, so it is never taken.`, fix: `add a condition labelled '${label}' or remove the branch.` });
        }
      }
      const real = Object.keys(next).filter((l) => !['#default#', '#error#', '#none#'].includes(l) && nonEmpty(l));
      if (real.length === 0) out.push({ code: 'PB126', file, path: `${at}.nexttasks`, message: `condition '${t.task?.name}' has no branch besides the default.`, fix: 'add at least one labelled branch (e.g. yes / High) with its condition, or make it a regular task.' });
    }
    // PB105: DeleteContext all=yes wipes the whole incident context.
    if (/(^|\|)DeleteContext$/.test(scriptOf(t)) && String(argSimple(t, 'all') ?? '').toLowerCase() === 'yes') {
      out.push({ code: 'PB105', file, path: `${at}.scriptarguments.all`, message: 'DeleteContext with all=yes deletes the whole context.', fix: 'delete only the keys you own (key=...) instead of all=yes.' });
    }
    // PB106: a hard-coded instance ('using') breaks on every other tenant.
    const using = argSimple(t, 'using');
    if (using !== undefined && using !== '') {
      out.push({ code: 'PB106', file, path: `${at}.scriptarguments.using`, message: `task '${t.task?.name}' is pinned to the instance '${using}'.`, fix: 'remove scriptarguments.using (use the brand in task.script, or a playbook input).' });
    }
    // IE100 (project rule): nothing blocks, isolates, quarantines or contains — we inform humans.
    const s = scriptOf(t);
    const cmd = s.includes('|||') ? s.split('|||')[1] : s;
    if (cmd && ACTING_RE.test(cmd)) {
      out.push({ code: 'IE100', file, path: `${at}.task.script`, message: `task '${t.task?.name}' runs '${s}', which acts on systems (block/isolate/contain).`, fix: 'remove it: this pack informs analysts and never acts automatically; leave the action to a human.' });
    }
  }
  return out;
}

export const MANDATORY_PACK_FIELDS = ['name', 'description', 'support', 'currentVersion', 'author', 'url', 'categories', 'tags', 'useCases', 'keywords', 'marketplaces'];

export function packMetadataRules(file: string, doc: Doc): Problem[] {
  const out: Problem[] = [];
  for (const f of MANDATORY_PACK_FIELDS) {
    const v = doc?.[f];
    if (v === undefined || v === null || (typeof v === 'string' && v.trim() === '')) {
      out.push({ code: 'PA108', file, path: f, message: `mandatory pack metadata field '${f}' is missing.`, fix: `add "${f}" (see reference/xsoar.md §6).` });
    } else if (['categories', 'marketplaces'].includes(f) && Array.isArray(v) && v.length === 0) {
      out.push({ code: 'PA108', file, path: f, message: `'${f}' is empty.`, fix: `list at least one value in "${f}".` });
    }
  }
  return out;
}
