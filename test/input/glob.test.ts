import { expect } from 'chai';
import { globBase, hasMagic, matchGlob, segmentRegExp } from '../../scripts/node/input/paths';

describe('input: glob matcher', function () {
  it('* and ? stay within one path segment', function () {
    expect(matchGlob('*.ndjson', 'a.ndjson')).to.equal(true);
    expect(matchGlob('*.ndjson', 'dir/a.ndjson')).to.equal(false);
    expect(matchGlob('exports/*.ndjson', 'exports/a.ndjson')).to.equal(true);
    expect(matchGlob('exports/*.ndjson', 'exports/a.json')).to.equal(false);
    expect(matchGlob('log?.txt', 'log1.txt')).to.equal(true);
    expect(matchGlob('log?.txt', 'log12.txt')).to.equal(false);
    expect(matchGlob('log?.txt', 'log/.txt')).to.equal(false);
    expect(matchGlob('a*b*c', 'aXXbYYc')).to.equal(true);
    expect(matchGlob('a*b*c', 'aXXbYY')).to.equal(false);
  });

  it('** matches zero or more directories, never hidden ones', function () {
    var p = 'exports/**/*.ndjson';
    expect(matchGlob(p, 'exports/x.ndjson')).to.equal(true);
    expect(matchGlob(p, 'exports/a/x.ndjson')).to.equal(true);
    expect(matchGlob(p, 'exports/a/b/c/x.ndjson')).to.equal(true);
    expect(matchGlob(p, 'other/a/x.ndjson')).to.equal(false);
    expect(matchGlob(p, 'exports/.git/x.ndjson')).to.equal(false);
    expect(matchGlob('**/*.csv', 'a/b/c.csv')).to.equal(true);
    expect(matchGlob('**', 'a/b/c')).to.equal(true);
    expect(matchGlob('a/**/b/*.txt', 'a/x/b/y/b/z.txt')).to.equal(true);
    expect(matchGlob('a/**/b/*.txt', 'a/x/c/z.txt')).to.equal(false);
  });

  it('wildcards do not match a leading dot; a literal dot does', function () {
    expect(matchGlob('*', '.env')).to.equal(false);
    expect(matchGlob('?env', '.env')).to.equal(false);
    expect(matchGlob('.env', '.env')).to.equal(true);
    expect(matchGlob('.*', '.env')).to.equal(true);
  });

  it('[...] classes: sets, ranges, negation with ! or ^, ] first, unclosed [ is literal', function () {
    expect(matchGlob('file[0-9].txt', 'file7.txt')).to.equal(true);
    expect(matchGlob('file[0-9].txt', 'filex.txt')).to.equal(false);
    expect(matchGlob('file[abc].txt', 'fileb.txt')).to.equal(true);
    expect(matchGlob('file[!0-9].txt', 'filex.txt')).to.equal(true);
    expect(matchGlob('file[^0-9].txt', 'file3.txt')).to.equal(false);
    expect(matchGlob('x[]]y', 'x]y')).to.equal(true);
    expect(matchGlob('x[-a]y', 'x-y')).to.equal(true);
    expect(matchGlob('x[a-]y', 'x-y')).to.equal(true);
    expect(matchGlob('a[b', 'a[b')).to.equal(true);
    expect(matchGlob('x[!a]y', 'x/y')).to.equal(false);
  });

  it('regex metacharacters are literal and \\ escapes glob syntax', function () {
    expect(matchGlob('a.b(1)+$.txt', 'a.b(1)+$.txt')).to.equal(true);
    expect(matchGlob('a.b', 'axb')).to.equal(false);
    expect(matchGlob('what\\?.txt', 'what?.txt')).to.equal(true);
    expect(matchGlob('what\\?.txt', 'whatX.txt')).to.equal(false);
    expect(segmentRegExp('\\*').test('*')).to.equal(true);
    expect(segmentRegExp('\\*').test('x')).to.equal(false);
  });

  it('hasMagic and globBase find where a walk starts', function () {
    expect(hasMagic('exports/a.ndjson')).to.equal(false);
    expect(hasMagic('exports/*.ndjson')).to.equal(true);
    expect(hasMagic('lit\\*eral')).to.equal(false);
    expect(globBase('exports/2025/**/*.ndjson')).to.deep.equal({ base: 'exports/2025', rest: '**/*.ndjson' });
    expect(globBase('*.csv')).to.deep.equal({ base: '.', rest: '*.csv' });
    expect(globBase('/var/log/*.log')).to.deep.equal({ base: '/var/log', rest: '*.log' });
    expect(globBase('a/b*/c/*.x')).to.deep.equal({ base: 'a', rest: 'b*/c/*.x' });
  });
});
