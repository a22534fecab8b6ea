// LedgerModule gives its ledger Nest's Logger with context 'Ledger': the ledger's lines reach the
// application's logger, unless the options name a logger of their own.
import type { LoggerService } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { Ledger } from '../engine';
import { removeTempLedgers, tempLedgerPath } from '../engine/test-ledger.fixture';
import type { LedgerLogger } from '../telemetry';
import { LedgerModule } from './ledger.module';

afterAll(removeTempLedgers);

/** An application logger that keeps each line with its context. */
function keepingLogger(lines: string[]): LoggerService {
  const keep = (message: unknown, ...rest: unknown[]) => void lines.push(`${String(rest[rest.length - 1])}: ${String(message)}`);
  return { log: keep, warn: keep, error: keep, debug: keep, verbose: keep };
}

async function runApp(options: Partial<Parameters<typeof LedgerModule.forRoot>[0]>, lines: string[]): Promise<void> {
  const database = tempLedgerPath('nest');
  const moduleRef = await Test.createTestingModule({ imports: [LedgerModule.forRoot({ name: 'nest', storage: { type: 'sqlite', database }, ...options })] })
    .setLogger(keepingLogger(lines))
    .compile();
  const app = await moduleRef.createNestApplication().init();
  await app.get(Ledger).execute((tx) => tx.createTable('Logged'));
  await app.close();
}

describe('the Nest module’s ledger logger', () => {
  it('is Nest’s Logger with context Ledger by default', async () => {
    const lines: string[] = [];
    await runApp({ slowCommitMs: 0 }, lines);
    const ledgerLines = lines.filter((line) => line.startsWith('Ledger: '));
    expect(ledgerLines).toEqual([
      expect.stringMatching(/^Ledger: migrated the sqlite ledger at .*: ran /),
      expect.stringMatching(/^Ledger: opened ledger "nest" \(the sqlite ledger at .*\) at block 0$/),
      expect.stringMatching(/^Ledger: ledger "nest": a commit of 1 transactions \(1 blocks\) took \d+ ms \(slowCommitMs 0\)$/),
      'Ledger: closed ledger "nest"',
    ]);
  });

  it('is the options’ logger when they name one', async () => {
    const own: string[] = [];
    const logger: LedgerLogger = { log: (m) => own.push(m), warn: (m) => own.push(m), error: (m) => own.push(m), debug: (m) => own.push(m) };
    const lines: string[] = [];
    await runApp({ logger }, lines);
    expect(lines.filter((line) => line.startsWith('Ledger: '))).toEqual([]);
    expect(own).toEqual([expect.stringMatching(/^migrated /), expect.stringMatching(/^opened ledger "nest"/), 'closed ledger "nest"']);
  });
});
