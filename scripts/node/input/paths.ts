/**
 * Command-line input arguments into the list of inputs to read: `-` (stdin), files, directories
 * (recursive) and glob patterns quoted so the shell leaves them alone ('exports/**\/*.ndjson').
 * Node 20 has no fs.glob, hence the small matcher here: `*`, `?`, `[...]` (with `!`/`^` negation
 * and ranges) within one path segment, `**` for any number of directories, `\` to escape.
 *
 * Directories and `**` are walked in sorted order (byte order of names, so runs are reproducible),
 * skipping hidden entries (dot names: .git, .DS_Store) and files that look binary (sniffed), and
 * never following a directory symlink twice (no loops). An explicit file argument is never
 * skipped: if it is binary, reading it says so.
 */
import { open, readdir, realpath, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { binaryReason } from './read';

/** A note about the expansion: a skipped file (warning) or a pattern that matched nothing (error). */
export interface PathProblem {
  where: string;
  message: string;
  error: boolean;
}

export interface Expanded {
  sources: string[];
  problems: PathProblem[];
}

/** True when the argument uses glob syntax (an unescaped `*`, `?` or `[`). */
export function hasMagic(pattern: string): boolean {
  for (var i = 0; i < pattern.length; i++) {
    var c = pattern[i];
    if (c === '\\') i++;
    else if (c === '*' || c === '?' || c === '[') return true;
  }
  return false;
}

/** One path segment's pattern as an anchored RegExp. A leading `*`/`?`/`[` never matches a dot name. */
export function segmentRegExp(seg: string): RegExp {
  var re = '';
  var i = 0;
  while (i < seg.length) {
    var c = seg[i];
    if (c === '\\' && i + 1 < seg.length) {
      re += escapeRe(seg[i + 1]);
      i += 2;
    } else if (c === '*') {
      while (seg[i] === '*') i++;
      re += '[^/]*';
    } else if (c === '?') {
      re += '[^/]';
      i++;
    } else if (c === '[') {
      var cls = classRe(seg, i);
      if (cls) {
        re += cls.re;
        i = cls.end;
      } else {
        re += '\\[';
        i++;
      }
    } else {
      re += escapeRe(c);
      i++;
    }
  }
  var dotSafe = seg[0] === '*' || seg[0] === '?' || seg[0] === '[';
  return new RegExp('^' + (dotSafe ? '(?!\\.)' : '') + re + '$');
}

/** `[...]` starting at `i`: its RegExp and the index after `]`, or null when unclosed (then literal). */
function classRe(seg: string, i: number): { re: string; end: number } | null {
  var j = i + 1;
  var negate = false;
  if (seg[j] === '!' || seg[j] === '^') {
    negate = true;
    j++;
  }
  var body = '';
  var first = true;
  while (j < seg.length && (seg[j] !== ']' || first)) {
    var c = seg[j];
    first = false;
    if (c === '\\' && j + 1 < seg.length) {
      body += escapeClass(seg[j + 1]);
      j += 2;
    } else if (c === '-' && body !== '' && j + 1 < seg.length && seg[j + 1] !== ']') {
      body += '-';
      j++;
    } else {
      body += escapeClass(c);
      j++;
    }
  }
  if (j >= seg.length) return null;
  return { re: negate ? '[^/' + body + ']' : '[' + body + ']', end: j + 1 };
}

function escapeRe(c: string): string {
  return /[\\^$.*+?()[\]{}|\/]/.test(c) ? '\\' + c : c;
}

function escapeClass(c: string): string {
  return c === '\\' || c === ']' || c === '[' || c === '^' || c === '-' ? '\\' + c : c;
}

type Seg = '**' | RegExp;

function compile(pattern: string): Seg[] {
  return pattern.split('/').filter((s) => s !== '').map((s) => (s === '**' ? '**' : segmentRegExp(s)));
}

function onlyGlobstars(pat: Seg[], pi: number): boolean {
  for (; pi < pat.length; pi++) if (pat[pi] !== '**') return false;
  return true;
}

/** Whether `segs` (a relative path's segments) matches the pattern from `pi`; `**` matches zero or more non-hidden segments. */
function matchFrom(pat: Seg[], pi: number, segs: string[], si: number, prefix: boolean): boolean {
  while (pi < pat.length) {
    if (si === segs.length) return prefix || onlyGlobstars(pat, pi);
    var p = pat[pi];
    if (p === '**') {
      // Zero segments, or one more (not hidden) and stay on `**`.
      if (matchFrom(pat, pi + 1, segs, si, prefix)) return true;
      if (segs[si][0] === '.') return false;
      si++;
      continue;
    }
    if (!p.test(segs[si])) return false;
    pi++;
    si++;
  }
  return si === segs.length;
}

/**
 * Whether `path` matches the glob `pattern` (both with `/` separators, compared segment by
 * segment; empty segments from `//` or a trailing `/` are ignored).
 */
export function matchGlob(pattern: string, path: string): boolean {
  return matchFrom(compile(pattern), 0, path.split('/').filter((s) => s !== ''), 0, false);
}

/** The leading segments without glob syntax: where the walk starts (`exports/**\/*.x` → `exports`). */
export function globBase(pattern: string): { base: string; rest: string } {
  var absolute = pattern[0] === '/';
  var segs = pattern.split('/').filter((s) => s !== '');
  var k = 0;
  while (k < segs.length - 1 && !hasMagic(segs[k])) k++;
  var baseSegs = segs.slice(0, k).map(unescapeGlob);
  var base = (absolute ? '/' : '') + baseSegs.join('/');
  return { base: base || (absolute ? '/' : '.'), rest: segs.slice(k).join('/') };
}

function unescapeGlob(s: string): string {
  return s.replace(/\\(.)/g, '$1');
}

var SNIFF = 8192;

/** A reason to skip a file found by a walk because it looks binary, else null. */
async function sniffBinary(path: string): Promise<string | null> {
  var h;
  try {
    h = await open(path, 'r');
  } catch {
    return null; // unreadable: reading it later reports why
  }
  try {
    var buf = Buffer.alloc(SNIFF);
    var r = await h.read(buf, 0, SNIFF, 0);
    return binaryReason(buf.subarray(0, r.bytesRead));
  } finally {
    await h.close();
  }
}

interface Walk {
  out: string[];
  problems: PathProblem[];
  seen: Set<string>;
}

function joinRel(dir: string, name: string): string {
  return dir === '.' ? name : dir === '/' ? '/' + name : join(dir, name);
}

/**
 * Files under `dir` (shown as `shown`), depth first in name order. `pat`, when given, is the
 * compiled rest of a glob relative to the walk's root: a directory is entered only when some path
 * beneath it could still match.
 */
async function walk(dir: string, rel: string[], w: Walk, pat: Seg[] | null): Promise<void> {
  var real: string;
  try {
    real = await realpath(dir);
  } catch (e) {
    w.problems.push({ where: dir, message: 'cannot read directory: ' + (e as Error).message, error: true });
    return;
  }
  if (w.seen.has(real)) return;
  w.seen.add(real);
  var names: string[];
  try {
    names = await readdir(dir);
  } catch (e) {
    var code = (e as NodeJS.ErrnoException).code;
    w.problems.push({ where: dir, message: code === 'EACCES' || code === 'EPERM' ? 'permission denied' : 'cannot read directory: ' + (e as Error).message, error: true });
    return;
  }
  names.sort(function (a, b) {
    return a < b ? -1 : a > b ? 1 : 0;
  });
  for (var name of names) {
    var path = joinRel(dir, name);
    var segs = rel.concat([name]);
    // Hidden entries are skipped unless a glob segment names them literally (".config/*"): `*`,
    // `?`, `[...]` at a segment start and `**` never match a dot name, so a match means literal.
    if (name[0] === '.' && !(pat && matchFrom(pat, 0, segs, 0, true))) continue;
    var st;
    try {
      st = await stat(path);
    } catch {
      continue; // dangling symlink, or removed while walking
    }
    if (st.isDirectory()) {
      if (pat && !matchFrom(pat, 0, segs, 0, true)) continue;
      await walk(path, segs, w, pat);
    } else if (st.isFile()) {
      if (pat && !matchFrom(pat, 0, segs, 0, false)) continue;
      var why = await sniffBinary(path);
      if (why) {
        w.problems.push({ where: path, message: 'skipped: ' + why.replace(/;.*$/, ''), error: false });
        continue;
      }
      w.out.push(path);
    }
  }
}

/** Expand the arguments in order; missing plain paths pass through (reading them reports "no such file"). */
export async function expandInputs(args: string[]): Promise<Expanded> {
  var res: Expanded = { sources: [], problems: [] };
  for (var arg of args) {
    if (arg === '-') {
      res.sources.push(arg);
      continue;
    }
    var st = null;
    try {
      st = await stat(arg);
    } catch {
      st = null;
    }
    if (st && st.isDirectory()) {
      var w: Walk = { out: [], problems: res.problems, seen: new Set() };
      await walk(arg, [], w, null);
      if (!w.out.length) res.problems.push({ where: arg, message: 'is a directory holding no readable input files', error: true });
      res.sources.push.apply(res.sources, w.out);
      continue;
    }
    if (st || !hasMagic(arg)) {
      res.sources.push(arg);
      continue;
    }
    var g = globBase(arg);
    var gw: Walk = { out: [], problems: res.problems, seen: new Set() };
    var baseSt = null;
    try {
      baseSt = await stat(g.base);
    } catch {
      baseSt = null;
    }
    if (baseSt && baseSt.isDirectory()) await walk(g.base, [], gw, compile(g.rest));
    if (!gw.out.length) res.problems.push({ where: arg, message: 'no file matches this pattern', error: true });
    res.sources.push.apply(res.sources, gw.out);
  }
  return res;
}
