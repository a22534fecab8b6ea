// LedgerTestingModule.forTest(): real handlers run through Nest's DI on a temporary SQLite ledger,
// whose directory app.close() deletes.
import { existsSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Test } from '@nestjs/testing';
import { Ledger } from '../../engine';
import { Aggregate, AggregateRepository, AggregateRoot, CommandBus, Event, EventHandler } from '../../event-sourcing';
import { CommandHandler } from '../command-handler.decorator';
import { InjectAggregateRepository } from '../inject-aggregate-repository.decorator';
import { LedgerTestingModule } from './ledger-testing.module';

@Event('ParcelScanned')
class ParcelScanned {
  constructor(readonly depot: string) {}
}

@Aggregate('Parcel')
class Parcel extends AggregateRoot {
  depots: string[] = [];

  scan(depot: string): void {
    this.apply(new ParcelScanned(depot));
  }

  @EventHandler(ParcelScanned)
  onScanned(event: ParcelScanned): void {
    this.depots = [...this.depots, event.depot];
  }
}

class ScanParcel {
  constructor(
    readonly trackingNumber: string,
    readonly depot: string,
    readonly first = false,
  ) {}
}

@CommandHandler(ScanParcel)
class ScanParcelHandler {
  constructor(@InjectAggregateRepository(Parcel) private readonly parcels: AggregateRepository<Parcel>) {}

  async execute(command: ScanParcel): Promise<string[]> {
    const parcel = command.first ? await this.parcels.create(command.trackingNumber) : await this.parcels.load(command.trackingNumber);
    parcel.scan(command.depot);
    return parcel.depots;
  }
}

const temporaryDirectories = () => readdirSync(tmpdir()).filter((name) => name.startsWith('nestjs-ledger-nest-'));

describe('LedgerTestingModule.forTest', () => {
  it('runs a real handler through DI on a temporary ledger, and app.close() closes it and deletes its directory', async () => {
    const before = temporaryDirectories();
    const moduleRef = await Test.createTestingModule({
      imports: [LedgerTestingModule.forTest({ aggregates: [Parcel] })],
      providers: [ScanParcelHandler],
    }).compile();
    const app = await moduleRef.init();
    const created = temporaryDirectories().filter((name) => !before.includes(name));
    expect(created).toHaveLength(1);

    const bus = app.get(CommandBus);
    await bus.execute(new ScanParcel('TRK-000123', 'Leeds', true));
    expect(await bus.execute(new ScanParcel('TRK-000123', 'York'))).toEqual(['Leeds', 'York']);
    const ledger = app.get(Ledger);
    expect(ledger.name).toBe('test');
    expect((await ledger.verify()).valid).toBe(true);

    await app.close();
    expect(existsSync(join(tmpdir(), created[0]))).toBe(false);
  });
});
