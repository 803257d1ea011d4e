import { expect } from 'chai';
import { loadBudgets, saveBudgets, StateStore } from '../../scripts/node/engine/budget-store';
import { LimiterState } from '../../scripts/core/engine/limiter';
import { SqliteCacheStore } from '../../scripts/node/cache/sqlite';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

function memoryState(): StateStore & { docs: Record<string, string> } {
  const docs: Record<string, string> = {};
  return {
    docs,
    getState: (n) => docs[n],
    updateState: (n, f) => {
      docs[n] = f(docs[n]);
    },
  };
}

const DAY = 20000; // a UTC day number
const T0 = DAY * 86400000 + 3600000;

function budget(dayCount: number, log: number[]) {
  return { log, pending: [], day: DAY, dayCount };
}

describe('engine: budget persistence between CLI runs', () => {
  it('adds only the calls each process made, so two concurrent runs both count', () => {
    const store = memoryState();
    saveBudgets(store, { budgets: {} }, { budgets: { 'vt:abc': budget(3, [T0, T0 + 1, T0 + 2]) } });
    // Two processes load the same state (3 calls today)...
    const baseA = loadBudgets(store);
    const baseB = loadBudgets(store);
    const a: LimiterState = JSON.parse(JSON.stringify(baseA));
    const b: LimiterState = JSON.parse(JSON.stringify(baseB));
    a.budgets['vt:abc'].dayCount += 2;
    a.budgets['vt:abc'].log.push(T0 + 10, T0 + 11);
    b.budgets['vt:abc'].dayCount += 1;
    b.budgets['vt:abc'].log.push(T0 + 12);
    saveBudgets(store, baseA, a);
    saveBudgets(store, baseB, b);
    const merged = loadBudgets(store).budgets['vt:abc'];
    expect(merged.dayCount).to.equal(6);
    expect(merged.log).to.deep.equal([T0, T0 + 1, T0 + 2, T0 + 10, T0 + 11, T0 + 12]);
  });

  it("starts a new day from this run's calls only and drops other processes' in-flight markers on load", () => {
    const store = memoryState();
    store.docs.limiter = JSON.stringify({ budgets: { k: { log: [1], pending: [5, 6], day: DAY - 1, dayCount: 400 } } });
    const base = loadBudgets(store);
    expect(base.budgets.k.pending).to.deep.equal([]);
    const ours: LimiterState = { budgets: { k: budget(2, [T0, T0 + 5]) } };
    saveBudgets(store, base, ours);
    expect(loadBudgets(store).budgets.k.dayCount).to.equal(2);
  });

  it('keeps the longer provider-imposed block and survives a corrupt document', () => {
    const store = memoryState();
    store.docs.limiter = '{not json';
    expect(loadBudgets(store)).to.deep.equal({ budgets: {} });
    saveBudgets(store, { budgets: {} }, { budgets: { k: { ...budget(1, [T0]), blockedUntilMs: T0 + 60000 } } });
    saveBudgets(store, { budgets: {} }, { budgets: { k: { ...budget(1, [T0 + 1]), blockedUntilMs: T0 + 1000 } } });
    expect(loadBudgets(store).budgets.k.blockedUntilMs).to.equal(T0 + 60000);
  });

  it('is stored in the SQLite cache file beside the entries, outside the cache itself', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'ioc-budget-')), 'cache.sqlite');
    const db = new SqliteCacheStore(path);
    saveBudgets(db, { budgets: {} }, { budgets: { k: budget(7, [T0]) } });
    expect(db.size()).to.equal(0);
    db.close();
    const reopened = new SqliteCacheStore(path);
    expect(loadBudgets(reopened).budgets.k.dayCount).to.equal(7);
    reopened.clear();
    expect(loadBudgets(reopened).budgets.k.dayCount).to.equal(7);
    reopened.close();
  });
});
