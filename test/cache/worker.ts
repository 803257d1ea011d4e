/**
 * Child process for the two-process cache test: waits until its sibling is ready, then
 * interleaves writes of its own keys with reads of both its own and the sibling's keys.
 * Usage: node --import tsx test/cache/worker.ts <db> <id> <other-id> <count>
 */
import { existsSync, writeFileSync } from 'node:fs';
import { SqliteCacheStore } from '../../scripts/node/cache/sqlite';

var [db, id, other, countText] = process.argv.slice(2);
var count = parseInt(countText, 10);
var sleeper = new Int32Array(new SharedArrayBuffer(4));
function sleep(ms: number) {
  Atomics.wait(sleeper, 0, 0, ms);
}

var store = new SqliteCacheStore(db, { busyTimeoutMs: 10000 });
writeFileSync(db + '.ready-' + id, '');
var deadline = Date.now() + 20000;
while (!existsSync(db + '.ready-' + other)) {
  if (Date.now() > deadline) throw new Error('sibling never started');
  sleep(5);
}
var now = Date.now();
var seenOther = 0;
for (var i = 0; i < count; i++) {
  var key = 'w' + id + ':' + i;
  store.set(key, { value: JSON.stringify({ by: id, i: i }), storedAtMs: now, expiresAtMs: now + 3600000 });
  var back = store.get(key, now);
  if (!back || JSON.parse(back.value).i !== i) throw new Error('read-back mismatch for ' + key);
  var theirs = store.get('w' + other + ':' + i, now);
  if (theirs) {
    if (JSON.parse(theirs.value).by !== other) throw new Error('corrupt sibling entry');
    seenOther++;
  }
}
store.close();
process.stdout.write(JSON.stringify({ id: id, wrote: count, seenOther: seenOther }) + '\n');
