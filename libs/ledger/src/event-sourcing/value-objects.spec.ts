// Value objects in commands, events and state: stored as exact annotated Ion values (stable
// hashes), rebuilt as instances when replayed into aggregates or projections and when loaded
// from a revision, and in ofType.
import { firstValueFrom, take, toArray } from 'rxjs';
import { Decimal, IonAnnotated, ionHash, type IonStructObject } from '../ion';
import { openTestLedger, removeTempLedgers } from '../engine/test-ledger.fixture';
import { newJournalId, verifyBlock } from '../journal';
import { Aggregate } from './aggregate.decorator';
import { AggregateRoot } from './aggregate-root';
import { CommandBus } from './command-bus';
import { InvalidDefinitionError } from './errors';
import { Event } from './event.decorator';
import { EventHandler } from './event-handler.decorator';
import { EventStore } from './event-store';
import { rebuildEvent } from './event-type';
import { ofType } from './of-type.operator';
import { ValueObject } from './value-object';

afterAll(removeTempLedgers);

@ValueObject('Money', {
  toIon: (money: Money) => ({ amount: money.amount, currency: money.currency }),
  fromIon: (value) => new Money((value as IonStructObject).amount as Decimal, (value as IonStructObject).currency as string),
})
class Money {
  constructor(
    readonly amount: Decimal,
    readonly currency: string,
  ) {}

  plus(other: Money): Money {
    return new Money(new Decimal(String(Number(this.amount.toString()) + Number(other.amount.toString()))), this.currency);
  }
}

@Event('InvoicePaid')
class InvoicePaid {
  constructor(readonly amounts: Money[]) {}
}

@Aggregate('Invoice')
class Invoice extends AggregateRoot {
  paid = new Money(new Decimal('0'), 'EUR');
  lastPayment: Money | null = null;

  pay(amount: Money): void {
    this.apply(new InvoicePaid([amount]));
  }

  @EventHandler(InvoicePaid)
  onPaid(event: InvoicePaid): void {
    this.paid = event.amounts.reduce((sum, amount) => sum.plus(amount), this.paid);
    this.lastPayment = event.amounts[0];
  }
}

class PayInvoice {
  constructor(
    readonly invoiceId: string,
    readonly amount: Money,
  ) {}
}

const annotated = (amount: string) => new IonAnnotated(['Money'], { amount: new Decimal(amount), currency: 'EUR' });

describe('value objects', () => {
  it('stores value objects in commands, events and state as annotated Ion, and rebuilds them on load and replay', async () => {
    const ledger = await openTestLedger();
    const store = new EventStore(ledger);
    const invoices = store.repository(Invoice);
    const bus = new CommandBus();
    bus.register(PayInvoice, async (command: PayInvoice) => {
      const invoice = await invoices.load(command.invoiceId).catch(() => invoices.create(command.invoiceId));
      invoice.pay(command.amount);
    }, store);
    const id = newJournalId();
    const { block } = await bus.dispatch(new PayInvoice(id, new Money(new Decimal('12.50'), 'EUR')));
    await bus.execute(new PayInvoice(id, new Money(new Decimal('0.25'), 'EUR')));
    const payload = block!.events![0].payload as IonStructObject;
    expect(payload).toEqual({ amounts: [annotated('12.50')] });
    expect(ionHash(payload)).toEqual(ionHash({ amounts: [annotated('12.50')] }));
    expect(block!.revisions![0].data).toEqual({ paid: annotated('12.5'), lastPayment: annotated('12.50') });
    expect(verifyBlock(block!).valid).toBe(true);
    for (const from of ['revision', 'events'] as const) {
      const invoice = await invoices.load(id, { from });
      expect(invoice.paid).toBeInstanceOf(Money);
      expect([invoice.paid.amount.toString(), invoice.lastPayment]).toEqual(['12.75', new Money(new Decimal('0.25'), 'EUR')]);
    }
    const [streamed] = await firstValueFrom(store.events$().pipe(ofType(InvoicePaid), take(1), toArray()));
    expect(streamed.payload.amounts[0]).toBeInstanceOf(Money);
    const replayed = rebuildEvent('InvoicePaid', payload, InvoicePaid) as InvoicePaid;
    expect(replayed).toBeInstanceOf(InvoicePaid);
    expect(replayed.amounts[0]).toEqual(new Money(new Decimal('12.50'), 'EUR'));
    expect(await ledger.verify({ all: true })).toMatchObject({ valid: true });
    await ledger.close();
  });

  it('refuses two classes under one value object name, naming both', () => {
    expect(() => {
      @ValueObject('Money', { toIon: () => null, fromIon: () => new Other() })
      class Other {}
      return Other;
    }).toThrow(new InvalidDefinitionError('value object name "Money" is declared by two classes: Money and Other', 'Money'));
  });
});
