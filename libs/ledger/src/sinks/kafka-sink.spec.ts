// The Kafka sink: each stream record becomes one message holding `{ recordType, payload }` in Ion,
// keyed and headed with its position, sent in order in batches, checkpoints after each send. Without
// a broker the producer is a recorder of what would be sent; with LEDGER_TEST_KAFKA_BROKERS set
// (host:port,…) the records also go through a real broker and are read back.
import { Kafka, type Producer } from 'kafkajs';
import { InvalidArgumentError } from '../engine';
import { removeTempLedgers } from '../engine/test-ledger.fixture';
import { fromIon, toIon, type IonStructObject } from '../ion';
import { commitItems, itemLedger, tipOf } from '../streams/stream-test.fixture';
import type { StreamPosition, StreamRecord } from '../streams/stream-record';
import { KafkaSink, type KafkaRecordProducer } from './kafka-sink';

afterAll(removeTempLedgers);

/** Keeps the messages of each send, as a producer would hand them to the broker. */
function recordingProducer(): KafkaRecordProducer & { sends: Array<Parameters<Producer['send']>[0]> } {
  const sends: Array<Parameters<Producer['send']>[0]> = [];
  return { sends, send: async (record) => (sends.push(record), []) };
}

/** The records of blocks first..last of `ledger`, pulled through its stream iterator. */
async function* recordsUpTo(iterator: AsyncIterable<StreamRecord>, last: number): AsyncGenerator<StreamRecord> {
  for await (const record of iterator) {
    yield record;
    if (record.position.sequenceNo === last && record.recordType === 'EVENT') return;
  }
}

describe('KafkaSink', () => {
  it('sends every record in order as Ion { recordType, payload }, keyed by strand, its position in headers, checkpointing after each batch', async () => {
    const ledger = await itemLedger();
    await commitItems(ledger, 12, 3);
    const tip = await tipOf(ledger);
    const producer = recordingProducer();
    const sink = new KafkaSink(producer, { topic: 'journal', batchSize: 5 });
    const checkpoints: StreamPosition[] = [];
    await sink.forward(recordsUpTo(ledger.streamIterator({ from: 2 }), tip), (position) => void checkpoints.push(position));
    const messages = producer.sends.flatMap((send) => send.messages);
    expect(producer.sends.every((send) => send.topic === 'journal' && send.messages.length <= 5)).toBe(true);
    expect(messages).toHaveLength((tip - 1) * 3);
    expect(messages.every((m) => m.key === ledger.strandId)).toBe(true);
    const positions = messages.map((m) => String(m.headers!['ledger-position']));
    expect(positions.slice(0, 4)).toEqual(['2.0', '2.1', '2.2', '3.0']);
    expect(checkpoints[checkpoints.length - 1]).toEqual({ sequenceNo: tip, index: 2 });
    const stored = (await ledger.getBlock({ strandId: ledger.strandId, sequenceNo: 2 })).block;
    const [summary, revision, event] = messages.slice(0, 3).map((m) => fromIon(m.value as Buffer) as IonStructObject);
    expect(summary).toMatchObject({ recordType: 'BLOCK_SUMMARY', payload: { blockHash: stored.blockHash, revisionSummaries: [{ hash: stored.revisions![0].hash }] } });
    expect(toIon((revision.payload as IonStructObject).revision as IonStructObject, 'binary')).toEqual(toIon(stored.revisions![0], 'binary'));
    expect(event).toMatchObject({ recordType: 'EVENT', payload: { eventIndex: 0, event: stored.events![0] } });
    await ledger.close();
  });

  it('writes Ion text when asked, and refuses bad options naming them', () => {
    const producer = recordingProducer();
    const sink = new KafkaSink(producer, { topic: 't', format: 'text' });
    const record: StreamRecord = { recordType: 'EVENT', position: { sequenceNo: 4, index: 1 }, payload: { blockAddress: { strandId: 's', sequenceNo: 4 }, transactionId: 'x', eventIndex: 0, event: { type: 'E' } } };
    expect(sink.messageOf(record)).toEqual({
      key: 's',
      value: '{recordType:"EVENT",payload:{blockAddress:{strandId:"s",sequenceNo:4},transactionId:"x",eventIndex:0,event:{type:"E"}}}',
      headers: { 'ledger-record-type': 'EVENT', 'ledger-position': '4.1' },
    });
    expect(() => new KafkaSink(producer, { topic: '' })).toThrow(InvalidArgumentError);
    expect(() => new KafkaSink(producer, { topic: 't', format: 'json' as never })).toThrow(/not json/);
    expect(() => new KafkaSink(producer, { topic: 't', batchSize: 0 })).toThrow(/not 0/);
  });

  const brokers = process.env.LEDGER_TEST_KAFKA_BROKERS;
  (brokers ? it : it.skip)(
    `round-trips records through a real broker${brokers ? '' : ' (skipped: set LEDGER_TEST_KAFKA_BROKERS=host:9092 to run it against a broker)'}`,
    async () => {
      const kafka = new Kafka({ clientId: 'nestjs-ledger-test', brokers: (brokers as string).split(',') });
      const topic = `ledger-test-${Date.now()}`;
      const producer = kafka.producer();
      const consumer = kafka.consumer({ groupId: topic });
      await producer.connect();
      await consumer.connect();
      const ledger = await itemLedger();
      await commitItems(ledger, 3);
      const tip = await tipOf(ledger);
      await new KafkaSink(producer, { topic }).forward(recordsUpTo(ledger.streamIterator(), tip));
      await consumer.subscribe({ topic, fromBeginning: true });
      const received: string[] = [];
      await new Promise<void>((resolve) => {
        void consumer.run({
          eachMessage: async ({ message }) => {
            received.push(String(message.headers!['ledger-position']));
            if (received.length === 3 + 3 * (tip - 1)) resolve();
          },
        });
      });
      expect(received[0]).toBe('0.0');
      await Promise.all([consumer.disconnect(), producer.disconnect(), ledger.close()]);
    },
  );
});
