// Redacting an event's payload: an event-sourced event keeps its envelope, its payload becomes the
// payload's digest, a block records the request; readers get the event marked redacted, the
// aggregate still loads from its revision, proofs and verify() stay valid.
// #region example
// #region hidden
import { strict as assert } from 'node:assert';
// #endregion
import { Aggregate, AggregateRoot, CommandBus, Event, EventHandler, EventRedactedError, EventStore, Ledger } from 'nestjs-ledger';
import { eventHash, eventProof, foldProof } from 'nestjs-ledger/verify';

@Event('CustomerRegistered')
class CustomerRegistered {
  constructor(readonly name: string, readonly email: string) {}
}

@Aggregate('Customer')
class Customer extends AggregateRoot {
  registered = false;

  register(name: string, email: string) {
    this.apply(new CustomerRegistered(name, email));
  }

  @EventHandler(CustomerRegistered)
  onRegistered() {
    this.registered = true;
  }
}

class Register {
  constructor(readonly name: string, readonly email: string) {}
}

async function main() {
  const ledger = await Ledger.open({ name: 'crm', storage: { type: 'sqlite', database: 'crm.ledger' } });
  const store = new EventStore(ledger);
  const commands = new CommandBus();
  commands.register(Register, async ({ name, email }: Register) => (await store.repository(Customer).create()).register(name, email), store);
  const { events: [registered] } = await commands.dispatch(new Register('Ana', 'ana@example.com'));

  const redaction = await ledger.redactEvent({ strandId: ledger.strandId, sequenceNo: registered.position.sequenceNo }, registered.position.index);
  // { blockAddress, eventIndex: 0, redactionBlockAddress, scrub: { steps, remains: [] } }
  // or, in PartiQL: EXEC REDACT_EVENT `{strandId: "…", sequenceNo: 3}`, 0

  const [read] = await store.repository(Customer).events(registered.streamId); // { type: 'CustomerRegistered', streamId, …, payload: {}, redacted: true }
  const customer = await store.repository(Customer).load(registered.streamId); // from its revision: registered === true
  const replayed = await store.repository(Customer).load(registered.streamId, { from: 'events' }).catch((error: unknown) => error); // EventRedactedError
  const { block, proof } = await ledger.getBlock(redaction.blockAddress);
  const { digest } = await ledger.getDigest();
  const folded = foldProof(eventHash(block.events![0]), eventProof(block, 0, proof)); // equals digest: the same hash, the same proof
  const verified = await ledger.verify(); // an event redacted without its request block would be REDACTION_UNRECORDED
  // #region hidden
  assert.equal(redaction.eventIndex, 0);
  assert.deepEqual(redaction.scrub.remains, []);
  assert.deepEqual([read.type, read.redacted, read.payload], ['CustomerRegistered', true, {}]);
  assert.equal(customer.registered, true);
  assert.deepEqual(Buffer.from(folded), Buffer.from(digest));
  assert.equal(verified.valid, true);
  assert.ok(replayed instanceof EventRedactedError);
  // #endregion
  await ledger.close();
}

main();
// #endregion
