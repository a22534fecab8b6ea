// Forwarding the journal's stream records to Kafka with the sink of nestjs-ledger/sinks: at-least-once,
// from a saved position. Run here against a producer that records what it is sent (a real broker
// when LEDGER_TEST_KAFKA_BROKERS names one).
// #region hidden
import { strict as assert } from 'node:assert';
import { LedgerClosedError } from 'nestjs-ledger';
// #endregion
// #region forward
import { Kafka } from 'kafkajs';
import { Ledger, type StreamPosition } from 'nestjs-ledger';
import { KafkaSink, type KafkaRecordProducer } from 'nestjs-ledger/sinks';

async function connect(brokers: string[]): Promise<KafkaRecordProducer> {
  const producer = new Kafka({ clientId: 'bank', brokers }).producer();
  await producer.connect();
  return producer;
}

async function forwardJournal(ledger: Ledger, producer: KafkaRecordProducer, checkpoint: StreamPosition | undefined, save: (position: StreamPosition) => Promise<void>) {
  const sink = new KafkaSink(producer, { topic: 'bank-journal' });
  await sink.forward(ledger.streamIterator({ from: checkpoint ?? 'start' }), save); // follows live commits until the ledger closes
}
// #endregion
// #region qldb-records
async function forwardAsQldbStream(ledger: Ledger, producer: KafkaRecordProducer, save: (position: StreamPosition) => Promise<void>) {
  const qldbStreamArn = 'arn:aws:qldb:eu-west-1:123456789012:stream/bank/IiPT4brpZCqCq3f4MTHbYy'; // the ARN consumers filter on
  const sink = new KafkaSink(producer, { topic: 'bank-journal', qldbStreamArn });
  await sink.sendControlRecord('CREATED', ledger.strandId);
  await sink.forward(ledger.streamIterator({ from: 'start' }), save);
}
// #endregion
// #region hidden

async function main() {
  const ledger = await Ledger.open({ name: 'bank', storage: { type: 'sqlite', database: 'bank.ledger' } });
  await ledger.execute((tx) => tx.createTable('Account'));
  const sent: string[] = [];
  const recording: KafkaRecordProducer = {
    send: async ({ messages }) => sent.push(...messages.map((message) => message.headers['ledger-position'])),
  };
  const brokers = process.env.LEDGER_TEST_KAFKA_BROKERS;
  const producer = brokers ? await connect(brokers.split(',')) : recording;
  const saved: StreamPosition[] = [];
  const forwarding = forwardJournal(ledger, producer, undefined, async (position) => {
    saved.push(position);
    if (position.sequenceNo === 1) await ledger.close();
  });
  await assert.rejects(forwarding, LedgerClosedError);
  assert.deepEqual(saved.at(-1), { sequenceNo: 1, index: 1 });
  if (!brokers) assert.deepEqual(sent, ['0.0', '1.0', '1.1']);

  const reopened = await Ledger.open({ name: 'bank', storage: { type: 'sqlite', database: 'bank.ledger' } });
  const types: string[] = [];
  const qldbRecording: KafkaRecordProducer = { send: async ({ messages }) => types.push(...messages.map((message) => message.headers['ledger-record-type'])) };
  const asQldb = forwardAsQldbStream(reopened, qldbRecording, async (position) => {
    if (position.sequenceNo === 1) await reopened.close();
  });
  await assert.rejects(asQldb, LedgerClosedError);
  assert.deepEqual(types, ['CONTROL', 'BLOCK_SUMMARY', 'BLOCK_SUMMARY', 'REVISION_DETAILS']);
}

main();
// #endregion
