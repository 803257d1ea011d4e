import { expect } from 'chai';
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expandInputs } from '../../scripts/node/input/paths';

describe('input: expanding paths, directories and globs', function () {
  var root: string;
  var cwd: string;
  before(function () {
    root = mkdtempSync(join(tmpdir(), 'ioc-enrich-paths-'));
    var files: [string, string | Buffer][] = [
      ['exports/b.ndjson', '{}\n'],
      ['exports/a.ndjson', '{}\n'],
      ['exports/2025/01/z.ndjson', '{}\n'],
      ['exports/2025/01/notes.txt', 'x\n'],
      ['exports/2025/B.ndjson', '{}\n'],
      ['exports/.git/config.ndjson', '{}\n'],
      ['exports/.hidden.ndjson', '{}\n'],
      ['exports/img/logo.png', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d])],
    ];
    for (var [rel, content] of files) {
      mkdirSync(join(root, rel, '..'), { recursive: true });
      writeFileSync(join(root, rel), content);
    }
    // A loop must not be walked forever.
    symlinkSync('..', join(root, 'exports/2025/01/loop'));
    mkdirSync(join(root, 'empty'));
    cwd = process.cwd();
    process.chdir(root);
  });
  after(function () {
    process.chdir(cwd);
  });

  it('walks a directory recursively in sorted order, skipping hidden entries and binary files (with a warning)', async function () {
    var r = await expandInputs(['exports']);
    expect(r.sources).to.deep.equal(['exports/2025/01/notes.txt', 'exports/2025/01/z.ndjson', 'exports/2025/B.ndjson', 'exports/a.ndjson', 'exports/b.ndjson']);
    expect(r.problems).to.deep.equal([{ where: 'exports/img/logo.png', message: 'skipped: binary data (NUL byte at offset 8)', error: false }]);
  });

  it('expands a quoted glob with ** and keeps plain paths, - and missing files in argument order', async function () {
    var r = await expandInputs(['-', 'exports/**/*.ndjson', 'missing.txt', 'exports/a.ndjson']);
    expect(r.sources).to.deep.equal(['-', 'exports/2025/01/z.ndjson', 'exports/2025/B.ndjson', 'exports/a.ndjson', 'exports/b.ndjson', 'missing.txt', 'exports/a.ndjson']);
    expect(r.problems).to.deep.equal([]);
  });

  it('matches hidden entries only when the pattern names them literally', async function () {
    expect((await expandInputs(['exports/*.ndjson'])).sources).to.deep.equal(['exports/a.ndjson', 'exports/b.ndjson']);
    expect((await expandInputs(['exports/.git/*.ndjson'])).sources).to.deep.equal(['exports/.git/config.ndjson']);
    expect((await expandInputs(['exports/.*.ndjson'])).sources).to.deep.equal(['exports/.hidden.ndjson']);
  });

  it('reports a pattern without matches and an empty directory as errors', async function () {
    var r = await expandInputs(['exports/*.csv', 'nowhere/**/*.ndjson', 'empty']);
    expect(r.sources).to.deep.equal([]);
    expect(r.problems.map((p) => [p.where, p.error])).to.deep.equal([
      ['exports/*.csv', true],
      ['nowhere/**/*.ndjson', true],
      ['empty', true],
    ]);
    expect(r.problems[2].message).to.match(/^is a directory/);
  });

  it('supports ?, [...] and absolute patterns', async function () {
    expect((await expandInputs(['exports/?.ndjson'])).sources).to.deep.equal(['exports/a.ndjson', 'exports/b.ndjson']);
    expect((await expandInputs(['exports/[!a].ndjson'])).sources).to.deep.equal(['exports/b.ndjson']);
    expect((await expandInputs([join(root, 'exports/2025/*.ndjson')])).sources).to.deep.equal([join(root, 'exports/2025/B.ndjson')]);
  });
});
