import { AssertionError } from 'node:assert';
import { newJournalId } from '../../journal';
import { Aggregate } from '../aggregate.decorator';
import { aggregateDefinition, AggregateRoot } from '../aggregate-root';
import { ConcurrencyError, InvalidCommandError, InvalidDefinitionError } from '../errors';
import { EventHandler } from '../event-handler.decorator';
import { Credited, creditedUpcaster, CreditWallet, FreezeWallet, MoveBetweenWallets, OpenWallet, Wallet, WalletOpened, walletHandlers } from '../event-sourcing.fixture';
import { CommandSpecification } from './command-specification';

function walletSpecification(): CommandSpecification {
  const specification = new CommandSpecification({ upcasters: [creditedUpcaster] });
  const handlers = walletHandlers(specification.repository(Wallet));
  return specification
    .handle(OpenWallet, handlers.open)
    .handle(CreditWallet, { execute: handlers.credit })
    .handle(FreezeWallet, handlers.freeze)
    .handle(MoveBetweenWallets, handlers.move);
}

describe('CommandSpecification (given / when / then, no database)', () => {
  const [a, b] = [newJournalId(), newJournalId()];
  const spec = walletSpecification();

  it('checks the events a command raised, by type and payload', async () => {
    await spec.when(new OpenWallet(a, 'ann')).thenEvents(new WalletOpened('ann'));
    const outcome = await spec.given(Wallet, a, new WalletOpened('ann'), new Credited(3, 'EUR')).when(new CreditWallet(a, 2)).thenEvents(new Credited(2, 'EUR'));
    expect(outcome.value).toBe(5);
    expect(outcome.events[0]).toMatchObject({ streamId: a, streamVersion: 2 });
    await spec.given(Wallet, a, new WalletOpened('ann')).when(new FreezeWallet(a)).thenEvents({ type: 'WalletFrozen', reason: 'audit' });
  });

  it('spans several aggregates', async () => {
    await spec
      .given(Wallet, a, new WalletOpened('a'), new Credited(9, 'EUR'))
      .given(Wallet, b, new WalletOpened('b'))
      .when(new MoveBetweenWallets(a, b, 4))
      .thenEvents(new Credited(-4, 'EUR'), new Credited(4, 'EUR'));
  });

  it('checks the error a command failed with', async () => {
    await spec.given(Wallet, a, new WalletOpened('ann')).when(new CreditWallet(a, 0)).thenError(InvalidCommandError, /amount must be positive/);
    await spec.given(Wallet, a, new WalletOpened('ann')).when(new CreditWallet(a, 1, 5)).thenError(ConcurrencyError, 'not at the expected version 5');
    await spec.given(Wallet, a, new WalletOpened('ann')).when(new OpenWallet(a, 'again')).thenError(ConcurrencyError);
  });

  it('fails with an assertion error when the outcome differs', async () => {
    await expect(spec.when(new OpenWallet(a, 'ann')).thenEvents(new WalletOpened('bob'))).rejects.toThrow(AssertionError);
    await expect(spec.when(new OpenWallet(a, 'ann')).thenError(ConcurrencyError)).rejects.toThrow(/but the command succeeded and raised WalletOpened/);
    await expect(spec.given(Wallet, a, new WalletOpened('x')).when(new CreditWallet(a, -1)).thenError(ConcurrencyError)).rejects.toThrow(
      /expected ConcurrencyError, but the command failed with InvalidCommandError/,
    );
  });
});

describe('aggregate definitions', () => {
  it('refuses an undecorated class, two handlers for one event, and a bad table name', () => {
    class Plain extends AggregateRoot {}
    expect(() => aggregateDefinition(Plain)).toThrow(new InvalidDefinitionError("class Plain is not an aggregate: decorate it with @Aggregate('Name')", Plain));
    @Aggregate('Twice')
    class Twice extends AggregateRoot {
      @EventHandler('X') one(): void {}
      @EventHandler('X') two(): void {}
    }
    expect(() => aggregateDefinition(Twice)).toThrow(/two @EventHandler methods for X: one and two/);
    expect(() => Aggregate('bad name')(class extends AggregateRoot {})).toThrow(/table name "bad name" is invalid/);
  });

  it('folds at apply and keeps uncommitted events on a new aggregate', () => {
    const wallet = new Wallet();
    wallet.open('ann');
    wallet.credit(2);
    expect(wallet.uncommittedEvents).toEqual([new WalletOpened('ann'), new Credited(2, 'EUR')]);
    expect({ ...wallet }).toEqual({ owner: 'ann', balance: 2, frozen: false, credits: [2] });
    expect(wallet.version).toBe(-1);
    expect(() => (wallet as unknown as { apply(e: unknown): void }).apply({ noType: true })).toThrow(/needs a non-empty string `type`/);
  });
});
