/**
 * The pack build: integration metadata from the manifest, the committed generated sources in sync,
 * the README documenting everything, the image, and the zip in XSOAR's upload layout, validated.
 * A placeholder integration code is used here only (the real one comes from the integration build);
 * it is written to a temp dir, never to dist/.
 */
import { expect } from 'chai';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import { parse as parseYaml } from 'yaml';
import { PROVIDERS } from '../../scripts/core/providers/index';
import { buildCommands, buildParams } from '../../scripts/manifest/index';
import { buildPack, BuiltPack, integrationMetadata, packReadme, playbookObject, PLAYBOOK_ID, SCRIPTS } from '../../build/pack/index';
import { packMetadata } from '../../build/pack/config';
import { iocEnrichPng } from '../../build/pack/png';
import { staleSources } from '../../build/pack/sources';
import { validateZip } from '../../build/validate/index';
import { MANDATORY_PACK_FIELDS } from '../../build/validate/rules';
import { runInXsoar } from '../xsoar/host';

const PLACEHOLDER = 'return (function () { return command === "test-module" ? "ok" : "placeholder"; })();\n';

describe('XSOAR pack build', function () {
  let dir: string;
  let built: BuiltPack;

  before(async function () {
    this.timeout(180000);
    dir = mkdtempSync(join(tmpdir(), 'pack-build-'));
    built = await buildPack({ integrationCode: PLACEHOLDER, outDir: dir });
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('integrationMetadata() is the manifest: every command, argument, output and param', function () {
    const m = integrationMetadata();
    expect(m.commonfields).to.deep.equal({ id: 'IOCEnrich', version: -1 });
    expect(m).to.include({ name: 'IOCEnrich', display: 'IOC Enrich', category: 'Data Enrichment & Threat Intelligence' });
    expect(m.script.type).to.equal('javascript');
    expect(m.script).not.to.have.property('dockerimage');
    const commands = buildCommands(PROVIDERS);
    expect(m.script.commands.map((c: any) => c.name)).to.deep.equal(commands.map((c) => c.name));
    for (const [i, c] of commands.entries()) {
      const y = m.script.commands[i];
      expect(y.description).to.equal(c.description);
      expect(y.arguments.map((a: any) => [a.name, a.description, !!a.default, !!a.isArray, a.predefined])).to.deep.equal(c.arguments.map((a) => [a.name, a.description, !!a.default, !!a.isArray, a.predefined]));
      expect(y.outputs).to.deep.equal(c.outputs);
    }
    const params = buildParams(PROVIDERS);
    expect(m.configuration.map((p: any) => [p.name, p.type, p.required])).to.deep.equal(params.map((p) => [p.name, p.type, p.required]));
    expect(m.sectionOrder).to.have.members(['Connect', 'Optimize']);
  });

  it('the committed playbook, README and image are what the generators produce now', function () {
    expect(staleSources(), 'run `npx tsx build/pack/cli.ts sources`').to.deep.equal([]);
  });

  it('the zip has the upload layout and nothing else', function () {
    const entries = Object.keys(unzipSync(readFileSync(built.zipPath))).sort();
    expect(entries).to.deep.equal([
      'Integrations/integration-IOCEnrich.yml',
      'Playbooks/playbook-IOC_Enrichment_-_Alert_Triage.yml',
      'README.md',
      'ReleaseNotes/1_0_0.md',
      'Scripts/script-IOCEnrichRoute.yml',
      'Scripts/script-IOCEnrichScore.yml',
      'Scripts/script-IOCEnrichTier.yml',
      'metadata.json',
      'pack_metadata.json',
    ]);
    expect(built.zipPath).to.equal(join(dir, 'IOCEnrich.zip'));
    expect(readFileSync(join(dir, 'IOCEnrich', 'Integrations', 'integration-IOCEnrich.yml'), 'utf8')).to.equal(built.files['Integrations/integration-IOCEnrich.yml']);
  });

  it('the built zip validates clean (schemas and every rule)', function () {
    expect(validateZip(built.zipPath)).to.deep.equal([]);
  });

  it('the unified integration embeds the code, description and image; runs in otto', async function () {
    const doc = parseYaml(built.files['Integrations/integration-IOCEnrich.yml']);
    expect(doc.script.script).to.equal('// pack version: 1.0.0\n' + PLACEHOLDER);
    expect(doc.detaileddescription).to.contain('IOC Enrich');
    expect(doc.image).to.match(/^data:image\/png;base64,/);
    expect(Buffer.from(doc.image.split(',')[1], 'base64')).to.deep.equal(Buffer.from(iocEnrichPng()));
    const file = join(dir, 'IOCEnrich', 'Integrations', 'integration-IOCEnrich.yml');
    expect((await runInXsoar({ yamlPath: file, command: 'test-module' })).result).to.equal('ok');
  });

  it('pack_metadata has every mandatory field, community support and both marketplaces; metadata.json lists the items', function () {
    const meta = JSON.parse(built.files['pack_metadata.json']);
    for (const f of MANDATORY_PACK_FIELDS) expect(meta, f).to.have.property(f);
    expect(meta).to.include({ support: 'community', currentVersion: '1.0.0' });
    expect(meta.marketplaces).to.deep.equal(['xsoar', 'marketplacev2']);
    expect(meta.categories).to.deep.equal(['Data Enrichment & Threat Intelligence']);
    expect(meta.created).to.match(/^\d{4}-\d\d-\d\dT/);
    const server = JSON.parse(built.files['metadata.json']);
    expect(server.id).to.equal('IOCEnrich');
    expect(server.contentItems.integration[0].commands).to.have.length(buildCommands(PROVIDERS).length);
    expect(server.contentItems.automation.map((s: any) => s.id)).to.deep.equal(SCRIPTS.map((s) => s.name));
    expect(server.contentItems.playbook[0].id).to.equal(PLAYBOOK_ID);
  });

  it('is deterministic: the same sources give the same zip', async function () {
    this.timeout(120000);
    const again = await buildPack({ integrationCode: PLACEHOLDER, outDir: join(dir, 'again') });
    expect(readFileSync(again.zipPath)).to.deep.equal(readFileSync(built.zipPath));
  });

  it('refuses to write an invalid pack and needs the integration code', async function () {
    let message = '';
    try {
      await buildPack({ integrationYaml: 'commonfields: {id: IOCEnrich, version: -1}\nname: IOCEnrich\n', outDir: join(dir, 'bad') });
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).to.match(/IOCEnrich\.zip!Integrations\/integration-IOCEnrich\.yml: display: \[IN100\]/);
    message = '';
    try {
      await buildPack({ outDir: join(dir, 'none') });
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).to.contain('integrationCode');
  });

  describe('README', function () {
    const readme = packReadme();
    it('documents every command, argument, output and param from the manifest', function () {
      for (const c of buildCommands(PROVIDERS)) {
        expect(readme).to.contain(`### ${c.name}\n`);
        for (const a of c.arguments) expect(readme).to.contain(`| \`${a.name}\` | ${a.description.replace(/\|/g, '\\|')}`);
        for (const o of c.outputs) expect(readme).to.contain(`| \`${o.contextPath}\` | ${o.type} | ${o.description.replace(/\|/g, '\\|')} |`);
      }
      for (const p of buildParams(PROVIDERS)) expect(readme).to.contain(`| \`${p.name}\` |`);
    });
    it('documents the scripts, the DBotScore mapping and the playbook with a mermaid diagram of every task', function () {
      for (const s of SCRIPTS) expect(readme).to.contain(`### ${s.name}`);
      expect(readme).to.contain('| 3 | Bad | malicious 1 |').and.to.contain('| 0 | Unknown | ignored');
      const mermaid = readme.split('```mermaid\n')[1].split('```')[0];
      expect(mermaid.startsWith('flowchart LR')).to.equal(true);
      const pb = playbookObject();
      for (const id of Object.keys(pb.tasks)) expect(mermaid).to.match(new RegExp(`\\bt${id}[\\[\\(\\{]`));
      expect(mermaid).to.contain('-->|High|').and.to.contain('-->|Medium|').and.to.contain('-->|Low|').and.to.contain('-->|else|');
      for (const i of pb.inputs) expect(readme).to.contain(`| ${i.key} |`);
    });
    it('documents the import: Upload Content and POST /contentpacks/installed/upload (file, skip_verify, skip_validation)', function () {
      expect(readme).to.contain('Marketplace → ⋮').and.to.contain('**Upload Content**');
      expect(readme).to.contain('/contentpacks/installed/upload?skip_verify=true&skip_validation=true');
      expect(readme).to.contain('-F "file=@dist/xsoar/IOCEnrich.zip"');
    });
  });

  it('the image is a small 120×50 PNG', function () {
    const png = Buffer.from(iocEnrichPng());
    expect(png.subarray(0, 8).toString('hex')).to.equal('89504e470d0a1a0a');
    expect(png.readUInt32BE(16)).to.equal(120);
    expect(png.readUInt32BE(20)).to.equal(50);
    expect(png.length).to.be.at.most(10 * 1024);
  });

  it('the pack metadata on disk is the one shipped', function () {
    expect(JSON.parse(built.files['pack_metadata.json'])).to.deep.equal(packMetadata());
  });
});
