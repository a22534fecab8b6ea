// Blocks over time: counted per period from the block times alone, with a number of header reads
// that grows with the periods and the log of the journal's length, not with the journal; on a
// ledger whose clock the test sets before each commit, so the expected counts are exact.
import { openTestLedger, removeTempLedgers } from '../../engine/test-ledger.fixture';
import { InvalidArgumentError } from '../../errors';
import { blockActivity } from './block-activity';

afterAll(removeTempLedgers);
afterEach(() => jest.useRealTimers());

const MINUTE = 60_000;
const START = Date.parse('2026-03-01T09:00:00.000Z');

/** Only Date is faked: the ledger's timers and I/O run as usual. */
function fakeClock(): void {
  jest.useFakeTimers({ doNotFake: ['nextTick', 'setImmediate', 'clearImmediate', 'setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'queueMicrotask', 'hrtime', 'performance'] });
}

describe('blockActivity', () => {
  it('counts the blocks of each period of the journal, reading a few headers of a long journal', async () => {
    fakeClock();
    jest.setSystemTime(START);
    const ledger = await openTestLedger();
    await ledger.query('CREATE TABLE Tick');
    // Minute 0: the genesis block and the table; minutes 10-19: 2 blocks a minute; none in 20-39; minutes 40-59: 1 a minute.
    const minutes = [...Array.from({ length: 10 }, (_, i) => [10 + i, 10 + i]).flat(), ...Array.from({ length: 20 }, (_, i) => 40 + i)];
    for (const minute of minutes) {
      jest.setSystemTime(START + minute * MINUTE);
      await ledger.query('INSERT INTO Tick ?', { minute });
    }
    const activity = await blockActivity(ledger, 6);
    expect(activity.tip).toBe(41);
    expect(activity.periodMs).toBe(Math.ceil((59 * MINUTE + 1) / 6));
    expect(activity.periods.map((p) => p.blocks)).toEqual([2, 20, 0, 0, 10, 10]);
    expect(activity.periods[0].start).toBe('2026-03-01T09:00:00.000Z');
    expect(activity.periods.map((p) => p.blocks).reduce((a, b) => a + b)).toBe(42);
    expect(activity.blocksRead).toBeLessThanOrEqual(2 + 5 * Math.ceil(Math.log2(42 + 1)));
    expect(activity.blocksRead).toBeLessThan(42);
    await ledger.close();
  });

  it('puts a ledger of one block in the first period, and refuses a number of periods out of range', async () => {
    const ledger = await openTestLedger();
    expect((await blockActivity(ledger, 3)).periods.map((p) => p.blocks)).toEqual([1, 0, 0]);
    await expect(blockActivity(ledger, 0)).rejects.toThrow(new InvalidArgumentError('the number of periods must be 1 to 60, not 0', 0));
    await expect(blockActivity(ledger, 61)).rejects.toThrow('the number of periods must be 1 to 60, not 61');
    await ledger.close();
  });
});
