/**
 * Every validation rule fires on a broken example (and names the file, the path and the fix),
 * and stays silent on the real generated content.
 */
import { expect } from 'chai';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { strToU8, zipSync } from 'fflate';
import { stringify } from 'yaml';
import { integrationMetadata } from '../../build/pack/integration';
import { packMetadata } from '../../build/pack/config';
import { playbookObject } from '../../build/pack/playbook';
import { SCRIPTS } from '../../build/pack/scripts';
import { formatProblem, Problem, validateDocument, validateText, validateZip, jsonPath } from '../../build/validate/index';

const clone = <T>(x: T): T => structuredClone(x);

function integration(): Record<string, any> {
  const m = integrationMetadata();
  m.script.script = 'return "placeholder";';
  return m;
}

function script(): Record<string, any> {
  return { ...clone(SCRIPTS[0].metadata), type: 'javascript', script: 'return 0;' };
}

function expectProblem(problems: Problem[], code: string, path: string | RegExp, file: string): Problem {
  const hit = problems.find((p) => p.code === code && (typeof path === 'string' ? p.path === path : path.test(p.path)));
  expect(hit, `expected ${code} at ${path}; got:\n${problems.map(formatProblem).join('\n')}`).to.exist;
  expect(hit!.file).to.equal(file);
  expect(hit!.fix.length).to.be.greaterThan(5);
  expect(formatProblem(hit!)).to.contain(file).and.to.contain(`[${code}]`).and.to.contain('Fix:');
  return hit!;
}

const F = 'Integrations/integration-IOCEnrich.yml';
const P = 'Playbooks/playbook-IOC_Enrichment_-_Alert_Triage.yml';

function cmd(doc: Record<string, any>, name: string): { c: any; i: number } {
  const i = doc.script.commands.findIndex((c: any) => c.name === name);
  return { c: doc.script.commands[i], i };
}

function taskId(pb: Record<string, any>, pred: (t: any) => boolean): string {
  return Object.keys(pb.tasks).find((k) => pred(pb.tasks[k]))!;
}

function addTask(pb: Record<string, any>, from: string, extra: { task: Record<string, unknown>; scriptarguments?: Record<string, unknown> }): string {
  const id = String(Object.keys(pb.tasks).length + 10);
  const uuid = '0f5b3c5e-1111-4222-8333-' + id.padStart(12, '0');
  pb.tasks[id] = { id, taskid: uuid, type: 'regular', view: '{}', task: { id: uuid, version: -1, name: 'extra', iscommand: true, brand: '', ...extra.task } };
  if (extra.scriptarguments) pb.tasks[id].scriptarguments = extra.scriptarguments;
  pb.tasks[from].nexttasks['#none#'].push(id);
  return id;
}

describe('validation rules', function () {
  it('the real integration metadata, scripts, playbook and pack metadata are clean', function () {
    expect(validateDocument('integration', F, integration())).to.deep.equal([]);
    for (const s of SCRIPTS) expect(validateDocument('script', s.name, { ...s.metadata, type: 'javascript', script: 'return 0;' })).to.deep.equal([]);
    expect(validateDocument('playbook', P, playbookObject())).to.deep.equal([]);
    expect(validateDocument('pack-metadata', 'pack_metadata.json', packMetadata())).to.deep.equal([]);
  });

  describe('integration', function () {
    it('IN101: a reputation command without a DBotScore output, or with a non-standard description', function () {
      const doc = integration();
      const { c, i } = cmd(doc, 'ip');
      c.outputs = c.outputs.filter((o: any) => o.contextPath !== 'DBotScore.Score');
      const vendor = c.outputs.findIndex((o: any) => o.contextPath === 'DBotScore.Vendor');
      c.outputs[vendor].description = 'Vendor.';
      const problems = validateDocument('integration', F, doc);
      expect(expectProblem(problems, 'IN101', `script.commands[${i}].outputs`, F).fix).to.contain('The actual score.');
      expect(expectProblem(problems, 'IN101', `script.commands[${i}].outputs[${vendor}].description`, F).fix).to.contain('The vendor used to calculate the score.');
    });

    it('IN107: a reputation command without its standard indicator output', function () {
      const doc = integration();
      const { c, i } = cmd(doc, 'domain');
      c.outputs = c.outputs.filter((o: any) => o.contextPath !== 'Domain.Name');
      expect(expectProblem(validateDocument('integration', F, doc), 'IN107', `script.commands[${i}].outputs`, F).fix).to.contain('Domain.Name');
    });

    it('IN144: the default argument of a reputation command must be isArray (and must exist)', function () {
      const doc = integration();
      const url = cmd(doc, 'url');
      const ai = url.c.arguments.findIndex((a: any) => a.default);
      url.c.arguments[ai].isArray = false;
      const file = cmd(doc, 'file');
      for (const a of file.c.arguments) delete a.default;
      const problems = validateDocument('integration', F, doc);
      expectProblem(problems, 'IN144', `script.commands[${url.i}].arguments[${ai}].isArray`, F);
      expectProblem(problems, 'IN144', `script.commands[${file.i}].arguments`, F);
    });

    it('IN154: reputation commands need the reliability param (required, type 15, standard options)', function () {
      const doc = integration();
      doc.configuration = doc.configuration.filter((p: any) => p.name !== 'reliability');
      expectProblem(validateDocument('integration', F, doc), 'IN154', 'configuration', F);
      const doc2 = integration();
      const ri = doc2.configuration.findIndex((p: any) => p.name === 'reliability');
      doc2.configuration[ri].type = 0;
      expectProblem(validateDocument('integration', F, doc2), 'IN154', `configuration[${ri}]`, F);
    });

    it('IN100 (schema): unknown keys, a missing display, a docker image on a JS integration', function () {
      const doc = integration();
      doc.dispaly = 'typo';
      delete doc.display;
      doc.script.dockerimage = 'demisto/python3:3.11';
      const problems = validateDocument('integration', F, doc);
      expectProblem(problems, 'IN100', 'dispaly', F);
      expectProblem(problems, 'IN100', 'display', F);
      expectProblem(problems, 'IN100', 'script.dockerimage', F);
    });
  });

  describe('playbook', function () {
    it('PB103: a task not connected to the start, and an edge to a missing task', function () {
      const pb = playbookObject();
      const orphan = clone(pb.tasks['1']);
      orphan.id = '99';
      pb.tasks['99'] = orphan;
      pb.tasks['0'].nexttasks['#none#'].push('77');
      const problems = validateDocument('playbook', P, pb);
      expectProblem(problems, 'PB103', 'tasks.99', P);
      expectProblem(problems, 'PB103', 'tasks.0.nexttasks.#none#[1]', P);
    });

    it('PB108 / PB109: taskid must be a UUID equal to task.id', function () {
      const pb = playbookObject();
      pb.tasks['2'].taskid = 'task-two';
      pb.tasks['3'].task.id = '6f0c7a1e-0000-4000-8000-000000000000';
      const problems = validateDocument('playbook', P, pb);
      expectProblem(problems, 'PB108', 'tasks.2.taskid', P);
      expectProblem(problems, 'PB109', 'tasks.3.task.id', P);
    });

    it('PB122: a condition branch without a target, an unhandled #default#, a branch without a condition', function () {
      const pb = playbookObject();
      const id = taskId(pb, (t) => t.type === 'condition');
      delete pb.tasks[id].nexttasks.High;
      delete pb.tasks[id].nexttasks['#default#'];
      pb.tasks[id].nexttasks.Critical = pb.tasks[id].nexttasks.Medium;
      const problems = validateDocument('playbook', P, pb);
      expectProblem(problems, 'PB122', `tasks.${id}.conditions[0]`, P);
      expectProblem(problems, 'PB122', `tasks.${id}.nexttasks`, P);
      expectProblem(problems, 'PB122', `tasks.${id}.nexttasks.Critical`, P);
    });

    it('PB126: a condition task with only the default branch', function () {
      const pb = playbookObject();
      const id = taskId(pb, (t) => t.type === 'condition');
      const dflt = pb.tasks[id].nexttasks['#default#'];
      pb.tasks[id].conditions = [];
      pb.tasks[id].nexttasks = { '#default#': dflt, Low: [] };
      const problems = validateDocument('playbook', P, pb);
      expectProblem(problems, 'PB126', `tasks.${id}.nexttasks`, P);
    });

    it('PB105: DeleteContext all=yes', function () {
      const pb = playbookObject();
      const id = addTask(pb, '1', { task: { name: 'wipe', scriptName: 'DeleteContext', iscommand: false }, scriptarguments: { all: { simple: 'yes' } } });
      expectProblem(validateDocument('playbook', P, pb), 'PB105', `tasks.${id}.scriptarguments.all`, P);
    });

    it('PB106: a hard-coded instance (using)', function () {
      const pb = playbookObject();
      const id = taskId(pb, (t) => t.task.script === 'IOCEnrich|||ioc-enrich-provider');
      pb.tasks[id].scriptarguments.using = { simple: 'IOCEnrich_instance_1' };
      expectProblem(validateDocument('playbook', P, pb), 'PB106', `tasks.${id}.scriptarguments.using`, P);
    });

    it('IE100: nothing blocks, isolates or contains', function () {
      const pb = playbookObject();
      const id = addTask(pb, '1', { task: { name: 'block it', script: 'PAN-OS|||pan-os-block-ip', brand: 'PAN-OS' } });
      expectProblem(validateDocument('playbook', P, pb), 'IE100', `tasks.${id}.task.script`, P);
    });

    it('PB100 (schema): missing fromversion, a task type that does not exist', function () {
      const pb = playbookObject();
      delete pb.fromversion;
      pb.tasks['1'].type = 'action';
      const problems = validateDocument('playbook', P, pb);
      expectProblem(problems, 'PB100', 'fromversion', P);
      expectProblem(problems, 'PB100', 'tasks.1.type', P);
    });
  });

  describe('script and pack metadata', function () {
    it('SC100 (schema): a script without a name, with an output lacking a description', function () {
      const s = script();
      delete s.name;
      s.outputs = [{ contextPath: 'X.Y' }];
      const problems = validateDocument('script', 'Scripts/script-X.yml', s);
      expectProblem(problems, 'SC100', 'name', 'Scripts/script-X.yml');
      expectProblem(problems, 'SC100', 'outputs[0].description', 'Scripts/script-X.yml');
    });

    it('PA108: every mandatory pack metadata field; PA100: bad support / category values', function () {
      const m: Record<string, any> = clone(packMetadata());
      delete m.author;
      m.marketplaces = [];
      m.support = 'someone';
      m.categories = ['Enrichment'];
      const problems = validateDocument('pack-metadata', 'pack_metadata.json', m);
      expectProblem(problems, 'PA108', 'author', 'pack_metadata.json');
      expectProblem(problems, 'PA108', 'marketplaces', 'pack_metadata.json');
      expect(expectProblem(problems, 'PA100', 'support', 'pack_metadata.json').fix).to.contain('community');
      expectProblem(problems, 'PA100', 'categories[0]', 'pack_metadata.json');
    });

    it('parse errors name the file', function () {
      expectProblem(validateText('playbooks/broken.yml', 'id: [unclosed'), 'PB100', '', 'playbooks/broken.yml');
      expectProblem(validateText('x/pack_metadata.json', '{'), 'PA100', '', 'x/pack_metadata.json');
    });

    it('jsonPath renders ajv pointers as dotted paths with indexes', function () {
      expect(jsonPath('/script/commands/3/outputs/0/description')).to.equal('script.commands[3].outputs[0].description');
      expect(jsonPath('/tasks/5/nexttasks/High/0')).to.equal('tasks.5.nexttasks.High[0]');
    });
  });

  describe('zip layout', function () {
    let dir: string;
    before(() => (dir = mkdtempSync(join(tmpdir(), 'validate-zip-'))));
    after(() => rmSync(dir, { recursive: true, force: true }));

    it('PA100: missing metadata.json / release notes, unprefixed content, and the content inside is validated', function () {
      const pb = playbookObject();
      pb.tasks['2'].taskid = 'nope';
      const zip = join(dir, 'Bad.zip');
      writeFileSync(zip, zipSync({
        'pack_metadata.json': strToU8(JSON.stringify(packMetadata())),
        'README.md': strToU8('# x'),
        'Playbooks/IOC_Enrichment.yml': strToU8(stringify(pb)),
      }));
      const problems = validateZip(zip);
      expectProblem(problems, 'PA100', 'metadata.json', 'Bad.zip');
      expectProblem(problems, 'PA100', 'ReleaseNotes/', 'Bad.zip');
      expectProblem(problems, 'PA100', 'Playbooks/IOC_Enrichment.yml', 'Bad.zip');
      expectProblem(problems, 'PB108', 'tasks.2.taskid', 'Bad.zip!Playbooks/IOC_Enrichment.yml');
    });
  });
});
