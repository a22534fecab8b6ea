// OpenTelemetry against a real ledger, with the SDK's in-memory exporters registered globally: the
// spans of transactions, group commits (linked to the transactions they wrote), statements (their
// text with every literal and parameter replaced, a failed one's status), verify() and imports;
// the commit latency histogram, the OCC conflicts counter and the stream lag gauge.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SpanStatusCode } from '@opentelemetry/api';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import '../partiql';
import { exportJournal, importJournal } from '../export';
import { ATTRIBUTE, EVENT, METRIC, SPAN } from '../telemetry';
import { installTelemetry, type InstalledTelemetry } from '../telemetry/telemetry-test.fixture';
import type { Ledger } from './ledger';
import { openTestLedger, removeTempLedgers, storageAt, tempLedgerPath } from './test-ledger.fixture';
import { onSqlite } from './test-storage.fixture';
import { gate } from './gate.fixture';

const idOf = (span: ReadableSpan) => span.spanContext().spanId;

describe('OpenTelemetry spans and metrics of a ledger', () => {
  let telemetry: InstalledTelemetry;
  let ledger: Ledger;

  beforeAll(async () => {
    telemetry = installTelemetry();
    ledger = await openTestLedger();
    await ledger.execute((tx) => {
      tx.createTable('Person');
      tx.createIndex('Person', 'ssn');
    });
  });
  beforeEach(() => telemetry.reset());
  afterAll(async () => {
    await ledger.close();
    await telemetry.uninstall();
    await removeTempLedgers();
  });

  it('spans a transaction and the group commit that wrote it, linked, with their attributes', async () => {
    const { block } = await ledger.transact((tx) => tx.insert('Person', { ssn: '123-45-6789', name: 'Ada' }));
    const [transaction] = telemetry.spans(SPAN.transaction);
    const [commit] = telemetry.spans(SPAN.commit);
    expect(transaction.attributes).toEqual({ [ATTRIBUTE.ledgerName]: 'test', [ATTRIBUTE.transactionRetries]: 0, [ATTRIBUTE.blockSequenceNo]: block!.blockAddress.sequenceNo });
    expect(commit.attributes).toEqual({ [ATTRIBUTE.ledgerName]: 'test', [ATTRIBUTE.commitBatchSize]: 1, [ATTRIBUTE.commitBlocks]: 1, [ATTRIBUTE.commitConflicts]: 0 });
    expect(commit.links.map((link) => link.context.spanId)).toEqual([idOf(transaction)]);
    expect(commit.parentSpanContext).toBeUndefined();
    expect(transaction.status.code).toBe(SpanStatusCode.UNSET);
  });

  it('counts each transaction of concurrent group commits in exactly one commit span', async () => {
    await Promise.all(Array.from({ length: 8 }, (_, i) => ledger.execute((tx) => tx.insert('Person', { ssn: `s${i}` }))));
    const transactions = telemetry.spans(SPAN.transaction).map(idOf).sort();
    const commits = telemetry.spans(SPAN.commit);
    expect(commits.flatMap((commit) => commit.links.map((link) => link.context.spanId)).sort()).toEqual(transactions);
    expect(commits.reduce((sum, commit) => sum + (commit.attributes[ATTRIBUTE.commitBatchSize] as number), 0)).toBe(8);
    expect(commits.reduce((sum, commit) => sum + (commit.attributes[ATTRIBUTE.commitBlocks] as number), 0)).toBe(8);
  });

  it('records an OCC conflict: the retry on the transaction span, the conflict on the commit span and counter', async () => {
    const id = await ledger.execute((tx) => tx.insert('Person', { ssn: 'counter', n: 0 }));
    const before = await conflictsCounted();
    telemetry.reset();
    const allRead = gate(2);
    const increment = () =>
      ledger.execute(async (tx) => {
        const person = await tx.get('Person', id);
        await allRead();
        await tx.update('Person', id, { ssn: 'counter', n: (person!.data.n as number) + 1 });
      });
    await Promise.all([increment(), increment()]);
    const retried = telemetry.spans(SPAN.transaction).filter((span) => span.attributes[ATTRIBUTE.transactionRetries] === 1);
    expect(retried).toHaveLength(1);
    expect(retried[0].events.map((event) => [event.name, event.attributes])).toEqual([[EVENT.retry, { [ATTRIBUTE.transactionRetries]: 1 }]]);
    const conflicts = telemetry.spans(SPAN.commit).reduce((sum, commit) => sum + (commit.attributes[ATTRIBUTE.commitConflicts] as number), 0);
    expect(conflicts).toBe(1);
    expect((await conflictsCounted()) - before).toBe(1);
  });

  it('spans a statement, a child of its transaction, with its text stripped of every literal and parameter', async () => {
    await ledger.query("SELECT name FROM Person AS p WHERE p.ssn = '123-45-6789' OR p.n > 41.5 OR p.x = `{secret: 7}` OR p.ssn = ?", 'parameter-secret');
    const [statement] = telemetry.spans(SPAN.statement);
    const [transaction] = telemetry.spans(SPAN.transaction);
    expect(statement.attributes).toEqual({
      [ATTRIBUTE.queryText]: 'SELECT name FROM Person AS p WHERE p.ssn = ? OR p.n > ? OR p.x = ? OR p.ssn = ?',
      [ATTRIBUTE.operationName]: 'SELECT',
    });
    expect(statement.parentSpanContext?.spanId).toBe(idOf(transaction));
    const everything = JSON.stringify(telemetry.spans().map((span) => [span.attributes, span.events, span.status]));
    for (const secret of ['123-45-6789', '41.5', 'secret', 'parameter-secret']) expect(everything).not.toContain(secret);
  });

  it('marks a failed statement’s span and its transaction’s with the error’s type, never its message', async () => {
    await expect(ledger.query("SELECT * FROM NoSuchTable WHERE x = 'hidden-value'")).rejects.toThrow();
    const [statement] = telemetry.spans(SPAN.statement);
    expect(statement.status).toEqual({ code: SpanStatusCode.ERROR, message: expect.stringMatching(/^[A-Z_]+$/) });
    expect(statement.attributes[ATTRIBUTE.errorType]).toBe(statement.status.message);
    expect(statement.events.map((event) => [event.name, event.attributes])).toEqual([['exception', { 'exception.type': statement.status.message }]]);
    expect(telemetry.spans(SPAN.transaction)[0].status.code).toBe(SpanStatusCode.ERROR);
    expect(JSON.stringify(telemetry.spans().map((span) => [span.attributes, span.events, span.status]))).not.toContain('hidden-value');
  });

  it('spans an iterated statement until the iteration ends, a break included', async () => {
    for await (const row of ledger.queryIterator("SELECT * FROM Person WHERE ssn <> 'iterated-secret'")) {
      expect(row).toBeDefined();
      break;
    }
    const [statement] = telemetry.spans(SPAN.statement);
    expect(statement.attributes).toEqual({ [ATTRIBUTE.queryText]: 'SELECT * FROM Person WHERE ssn <> ?', [ATTRIBUTE.operationName]: 'SELECT' });
    expect(statement.status.code).toBe(SpanStatusCode.UNSET);
  });

  it('spans a statement that does not lex with no text', async () => {
    await expect(ledger.query("SELECT 'unterminated")).rejects.toThrow();
    const [statement] = telemetry.spans(SPAN.statement);
    expect(statement.attributes).toEqual({ [ATTRIBUTE.errorType]: 'PARTIQL_SYNTAX' });
  });

  it('spans verify() with its outcome', async () => {
    const result = await ledger.verify();
    const [verify] = telemetry.spans(SPAN.verify);
    expect(verify.attributes).toEqual({
      [ATTRIBUTE.ledgerName]: 'test',
      [ATTRIBUTE.verifyTrusted]: false,
      [ATTRIBUTE.verifyValid]: true,
      [ATTRIBUTE.verifyBlocks]: result.blocksVerified,
      [ATTRIBUTE.verifyProblems]: 0,
    });
  });

  it('spans an import with its format and the blocks it wrote', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'ledger-telemetry-'));
    try {
      await exportJournal(ledger, join(directory, 'export'), { format: 'ion-binary' });
      const { blocksImported } = await importJournal(join(directory, 'export'), storageAt(tempLedgerPath('imported')));
      const [imported] = telemetry.spans(SPAN.import);
      expect(imported.attributes).toEqual({ [ATTRIBUTE.importAppend]: false, [ATTRIBUTE.importFormat]: 'ion-binary', [ATTRIBUTE.ledgerName]: 'test', [ATTRIBUTE.importBlocks]: blocksImported });
      expect(imported.status.code).toBe(SpanStatusCode.UNSET);
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  });

  it('spans an export with its format and the blocks it wrote, and a refused one as an error', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'ledger-telemetry-'));
    try {
      const { blocksExported } = await exportJournal(ledger, join(directory, 'export'), { format: 'json' });
      await expect(exportJournal(ledger, join(directory, 'export'), { format: 'json' })).rejects.toThrow(/already holds an export/);
      const [exported, refused] = telemetry.spans(SPAN.export);
      expect(exported.attributes).toEqual({ [ATTRIBUTE.ledgerName]: 'test', [ATTRIBUTE.exportFormat]: 'json', [ATTRIBUTE.exportBlocks]: blocksExported });
      expect(exported.status.code).toBe(SpanStatusCode.UNSET);
      expect(refused.status.code).toBe(SpanStatusCode.ERROR);
      expect(refused.attributes[ATTRIBUTE.errorType]).toBe('INVALID_ARGUMENT');
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  });

  onSqlite('spans a backup with the block it copied up to and the size of the copy', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'ledger-telemetry-'));
    try {
      const backup = await ledger.backup(join(directory, 'copy.ledger'));
      const [span] = telemetry.spans(SPAN.backup);
      expect(span.attributes).toEqual({ [ATTRIBUTE.ledgerName]: 'test', [ATTRIBUTE.backupSequenceNo]: backup.digest.digestTipAddress.sequenceNo, [ATTRIBUTE.backupBytes]: backup.bytes });
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  });

  it('records each transaction’s commit latency in the histogram', async () => {
    const count = async () => (await telemetry.points(METRIC.commitDuration)).reduce((sum, point) => sum + (point.value as { count: number }).count, 0);
    const before = await count();
    await Promise.all([1, 2, 3].map((n) => ledger.execute((tx) => tx.insert('Person', { ssn: `h${n}` }))));
    expect((await count()) - before).toBe(3);
    const [point] = await telemetry.points(METRIC.commitDuration);
    expect(point.attributes).toEqual({ [ATTRIBUTE.ledgerName]: 'test' });
  });

  it('gauges how many committed blocks the slowest live stream has not read (0 with none behind)', async () => {
    expect(await streamLag()).toEqual([0]);
    const follower = ledger.followJournal({ from: 0, revisions: false, pageSize: 1_000, highWaterMark: 0 });
    try {
      const page = await follower.nextPage();
      const tip = page[page.length - 1].blockAddress.sequenceNo;
      expect(await streamLag()).toEqual([0]);
      for (const n of [1, 2, 3]) await ledger.execute((tx) => tx.insert('Person', { ssn: `g${n}` }));
      expect((await ledger.getDigest()).digestTipAddress.sequenceNo).toBe(tip + 3);
      expect(await streamLag()).toEqual([3]);
    } finally {
      follower.stop();
    }
    expect(await streamLag()).toEqual([0]);
  });

  async function conflictsCounted(): Promise<number> {
    return (await telemetry.points(METRIC.conflicts)).reduce((sum, point) => sum + (point.value as number), 0);
  }

  async function streamLag(): Promise<number[]> {
    return (await telemetry.points(METRIC.streamLag)).filter((point) => point.attributes[ATTRIBUTE.ledgerName] === 'test').map((point) => point.value as number);
  }
});
