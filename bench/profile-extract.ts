/**
 * Profiling / quick-measure driver for the extraction core (not part of `npm run bench`).
 *   npx tsx bench/profile-extract.ts [MiB=5] [reps=3] [--theirs] [--check]
 * Times our extractText on a slice of the bench corpus (and ioc-extractor with --theirs, same run).
 * With PROFILE_LOOP=n it only runs ours n times (for `node --cpu-prof --import tsx`).
 */
import { performance } from 'node:perf_hooks';
import { extractText } from '../scripts/core/extract/index';
import { corpusBytes, generateCorpus } from './corpus';
import { theirs } from './extraction';

var args = process.argv.slice(2);
var mb = Number(args.filter((a) => !a.startsWith('--'))[0] || 5);
var reps = Number(args.filter((a) => !a.startsWith('--'))[1] || 3);
var docs = generateCorpus(mb * 1024 * 1024);
var bytes = corpusBytes(docs);

function time(name: string, fn: (t: string) => unknown[]): number {
  for (var i = 0; i < Math.min(200, docs.length); i++) fn(docs[i].text);
  var best = Infinity;
  var count = 0;
  for (var r = 0; r < reps; r++) {
    count = 0;
    var t0 = performance.now();
    for (var d of docs) count += fn(d.text).length;
    best = Math.min(best, performance.now() - t0);
  }
  var mbs = bytes / 1048576 / (best / 1000);
  process.stdout.write(name + ': ' + mbs.toFixed(2) + ' MiB/s (best of ' + reps + ', ' + count + ' indicators)\n');
  return mbs;
}

var ours = time('ours', extractText);
if (args.indexOf('--theirs') >= 0) {
  var th = time('ioc-extractor', theirs);
  process.stdout.write('ratio: ' + (ours / th).toFixed(2) + 'x\n');
}
