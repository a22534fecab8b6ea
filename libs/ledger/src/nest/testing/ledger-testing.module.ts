// LedgerTestingModule.forTest(): the LedgerModule on a throw-away SQLite file, for an application's
// tests through Nest's dependency injection (`Test.createTestingModule({ imports: [...] })`). The file
// lives in a new temporary directory; app.close() closes the ledger and deletes the directory.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Inject, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import type { Ledger } from '../../engine';
import type { AggregateClass } from '../../event-sourcing';
import type { LedgerModuleRegistration } from '../ledger-module-options';
import { LedgerModule } from '../ledger.module';
import { getLedgerToken } from '../ledger.tokens';

export interface LedgerTestingOptions extends Partial<Omit<LedgerModuleRegistration, 'storage'>> {
  /** Aggregates whose repositories to provide on this ledger, as LedgerModule.forFeature would. */
  aggregates?: AggregateClass[];
}

/** Where the ledger of one forTest() lives, and under which name it is injected. */
interface TemporaryStore {
  readonly directory: string;
  readonly ledgerName: string;
}

const TEMPORARY_STORE = Symbol('nestjs-ledger:temporary-store');

@Module({})
export class LedgerTestingModule implements OnApplicationShutdown {
  /** The LedgerModule (ledger named 'test' unless `options.name` says otherwise) on a new temporary SQLite file. */
  static forTest(options: LedgerTestingOptions = {}): DynamicModule {
    const { aggregates = [], ...registration } = options;
    const ledgerName = registration.name ?? 'test';
    const directory = mkdtempSync(join(tmpdir(), 'nestjs-ledger-nest-'));
    const store: TemporaryStore = { directory, ledgerName };
    const feature = LedgerModule.forFeature(aggregates, registration.default === false ? ledgerName : undefined);
    return {
      module: LedgerTestingModule,
      imports: [LedgerModule.forRoot({ ...registration, name: ledgerName, storage: { type: 'sqlite', database: join(directory, 'ledger.db') } }), feature],
      providers: [{ provide: TEMPORARY_STORE, useValue: store }],
      exports: [feature],
    };
  }

  constructor(
    @Inject(TEMPORARY_STORE) private readonly store: TemporaryStore,
    private readonly moduleRef: ModuleRef,
  ) {}

  /** Closes the ledger (whichever module's shutdown runs first) and deletes its directory. */
  async onApplicationShutdown(): Promise<void> {
    try {
      await this.moduleRef.get<Ledger>(getLedgerToken(this.store.ledgerName), { strict: false }).close();
    } finally {
      rmSync(this.store.directory, { recursive: true, force: true });
    }
  }
}
