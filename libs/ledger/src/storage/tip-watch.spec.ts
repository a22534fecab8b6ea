// Watching the tip on real storage (an SQLite file, or PostgreSQL in the postgres project): commits
// through another connection reach the watcher with the new tip; unsubscribing or closing stops the
// poll; a bad interval is refused. A commit heard while a poll is under way is polled for right
// after it (that poll may have read the tip before the commit), and a poll under way when a watcher
// comes after the last one left tells it nothing (it is made again).
import { InvalidArgumentError } from '../errors';
import { openTestLedger, removeTempLedgers, storageAt, tempLedgerPath } from '../engine/test-ledger.fixture';
import { openStorage } from './open-storage';
import { PostgresStorage } from './postgres/postgres-storage';
import { SqliteStorage } from './sqlite/sqlite-storage';
import { TipWatch } from './tip-watch';

afterAll(removeTempLedgers);

/** Resolves once `condition` holds, checking at each turn of the event loop's timers. */
async function eventually(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 1));
}

function watching(storage: unknown): boolean {
  return (storage as SqliteStorage | PostgresStorage).watchingTip;
}

describe('storage.watchTip', () => {
  it('tells watchers the tip after commits through another connection, until unsubscribed or closed', async () => {
    const location = tempLedgerPath();
    const writer = await openTestLedger(location);
    await writer.execute((tx) => tx.createTable('Item'));
    const tip = (await writer.getDigest()).digestTipAddress.sequenceNo;
    const storage = await openStorage({ ...storageAt(location), tipPollIntervalMs: 2 });
    expect(watching(storage)).toBe(false);
    const tips: number[] = [];
    const stop = storage.watchTip((t) => tips.push(t));
    expect(watching(storage)).toBe(true);
    await eventually(() => tips.length > 0);
    expect(tips).toEqual([tip]);
    await writer.execute((tx) => tx.insert('Item', { n: 1 }));
    await writer.execute((tx) => tx.insert('Item', { n: 2 }));
    await eventually(() => tips.includes(tip + 2));
    expect(tips).toEqual([...tips].sort((a, b) => a - b));
    stop();
    expect(watching(storage)).toBe(false);
    const heard = tips.length;
    await writer.execute((tx) => tx.insert('Item', { n: 3 }));
    const again: number[] = [];
    storage.watchTip((t) => again.push(t));
    await eventually(() => again.length > 0);
    expect(again).toEqual([tip + 3]);
    expect(tips).toHaveLength(heard); // the poll that told the new watcher the commit told the old one nothing
    await storage.close();
    expect(watching(storage)).toBe(false);
    storage.watchTip((t) => again.push(t));
    expect(watching(storage)).toBe(false);
    await writer.close();
  });

  it('refuses a tip poll interval that is not a positive number, naming it', async () => {
    const storage = { ...storageAt(tempLedgerPath()), tipPollIntervalMs: 0 };
    await expect(openTestLedger(undefined, { storage })).rejects.toThrow(InvalidArgumentError);
    await expect(openTestLedger(undefined, { storage: { ...storage, tipPollIntervalMs: Number.NaN } })).rejects.toThrow(/not NaN/);
  });

  it('polls again right after the poll under way when told of a commit during it, however long the interval', async () => {
    const tips = [5, 6];
    const answers: Array<(tip: number) => void> = [];
    const watch = new TipWatch(600_000, () => new Promise<number>((resolve) => answers.push(resolve)));
    const heard: number[] = [];
    watch.add((tip) => heard.push(tip));
    watch.pollNow();
    expect(answers).toHaveLength(1);
    watch.pollNow(); // a commit heard while the first poll runs
    answers[0](tips[0]);
    await eventually(() => answers.length === 2);
    answers[1](tips[1]);
    await eventually(() => heard.length === 2);
    expect(heard).toEqual(tips);
    watch.close();
  });

  it('tells a listener added after the last one left no tip that a poll begun before it read', async () => {
    const answers: Array<(tip: number) => void> = [];
    const watch = new TipWatch(600_000, () => new Promise<number>((resolve) => answers.push(resolve)));
    const stop = watch.add(() => undefined);
    watch.pollNow();
    expect(answers).toHaveLength(1);
    stop(); // the poll under way read the tip before the next commit
    const heard: number[] = [];
    watch.add((tip) => heard.push(tip));
    answers[0](5);
    await eventually(() => answers.length === 2 || heard.length > 0);
    expect(heard).toEqual([]);
    answers[1](6);
    await eventually(() => heard.length === 1);
    expect(heard).toEqual([6]);
    watch.close();
  });
});
