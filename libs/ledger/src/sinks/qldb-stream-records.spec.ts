// QLDB's Kinesis records through the Kafka sink: a consumer written the way QLDB's stream consumers
// were (Lambda functions loading each record with ion-js, switching on recordType, reading
// qldbStreamArn, CONTROL payloads, block summaries and revision details) reads the sink's messages
// unchanged: CREATED first, COMPLETED last, every revision with its table, deletes without data,
// no EVENT records, and each block rebuilt from its records verifies.
import { dom, load } from 'ion-js';
import { Ledger, InvalidArgumentError } from '../engine';
import { removeTempLedgers, storageAt, tempLedgerPath } from '../engine/test-ledger.fixture';
import { fromIon, type IonStructObject } from '../ion';
import { verifyBlock } from '../journal';
import { qldbControlRecord, qldbStreamRecord, rebuildBlock, type BlockSummary, type RevisionDetails, type StreamRecord } from '../streams';
import { KafkaSink, type KafkaRecordMessage, type KafkaRecordProducer } from './kafka-sink';

const ARN = 'arn:aws:qldb:eu-west-1:123456789012:stream/vehicle-registration/IiPT4brpZCqCq3f4MTHbYy';

afterAll(removeTempLedgers);

/** What a QLDB stream consumer kept of each record it parsed. */
interface Consumed {
  arns: Set<string>;
  controls: string[];
  revisions: Array<{ table: string; id: string; version: number; deleted: boolean }>;
  blocks: number[];
}

/** A consumer in the style of QLDB's stream Lambda functions: each record's bytes loaded with ion-js, by recordType. */
function consume(values: Array<string | Buffer>): Consumed {
  const consumed: Consumed = { arns: new Set(), controls: [], revisions: [], blocks: [] };
  for (const bytes of values) {
    const record = load(bytes)!;
    consumed.arns.add(record.get('qldbStreamArn')!.stringValue()!);
    const payload = record.get('payload')!;
    switch (record.get('recordType')!.stringValue()) {
      case 'CONTROL':
        consumed.controls.push(payload.get('controlRecordType')!.stringValue()!);
        break;
      case 'BLOCK_SUMMARY':
        consumed.blocks.push(payload.get('blockAddress', 'sequenceNo')!.numberValue()!);
        break;
      case 'REVISION_DETAILS': {
        const revision = payload.get('revision')!;
        consumed.revisions.push({
          table: payload.get('tableInfo', 'tableName')!.stringValue()!,
          id: revision.get('metadata', 'id')!.stringValue()!,
          version: revision.get('metadata', 'version')!.numberValue()!,
          deleted: revision.get('data') === null,
        });
        break;
      }
      default:
        throw new Error(`unexpected record type ${record.get('recordType')?.stringValue()}`);
    }
  }
  return consumed;
}

function recordingProducer(): KafkaRecordProducer & { messages: KafkaRecordMessage[] } {
  const messages: KafkaRecordMessage[] = [];
  return { messages, send: async ({ messages: sent }) => (messages.push(...sent), []) };
}

/** The records of a stream up to and including the record at `last`. */
async function* upTo(records: AsyncIterable<StreamRecord>, last: { sequenceNo: number; index: number }): AsyncGenerator<StreamRecord> {
  for await (const record of records) {
    yield record;
    if (record.position.sequenceNo === last.sequenceNo && record.position.index === last.index) return;
  }
}

describe('QLDB’s Kinesis stream records', () => {
  it('through the Kafka sink, read by a consumer written for QLDB’s streams, each block rebuilt and verified', async () => {
    const ledger = await Ledger.open({ name: 'vehicle-registration', storage: storageAt(tempLedgerPath('qldb-stream')) });
    await ledger.query('CREATE TABLE Vehicle');
    const [{ documentId }] = await ledger.query<{ documentId: string }>('INSERT INTO Vehicle ?', { VIN: 'V1', Miles: 0 });
    await ledger.query('UPDATE Vehicle AS v SET v.Miles = 5');
    await ledger.query('DELETE FROM Vehicle AS v WHERE v.VIN = ?', 'V1');
    await ledger.execute((tx) => tx.appendEvents([{ type: 'Audited' }]));
    const { digestTipAddress } = await ledger.getDigest();
    const tip = digestTipAddress.sequenceNo;
    const { block: tipBlock } = await ledger.getBlock(digestTipAddress);
    const last = { sequenceNo: tip, index: (tipBlock.revisions?.length ?? 0) + (tipBlock.events?.length ?? 0) };

    const producer = recordingProducer();
    const sink = new KafkaSink(producer, { topic: 'qldb-stream', qldbStreamArn: ARN });
    await sink.sendControlRecord('CREATED', ledger.strandId);
    await sink.forward(upTo(ledger.streamIterator({ from: 0 }), last));
    await sink.sendControlRecord('COMPLETED', ledger.strandId);

    const consumed = consume(producer.messages.map((message) => message.value));
    expect([...consumed.arns]).toEqual([ARN]);
    expect(consumed.controls).toEqual(['CREATED', 'COMPLETED']);
    expect([consume([producer.messages[0].value]).controls, consume([producer.messages.at(-1)!.value]).controls]).toEqual([['CREATED'], ['COMPLETED']]);
    expect(consumed.blocks).toEqual(Array.from({ length: tip + 1 }, (_, i) => i));
    expect(consumed.revisions.filter((r) => r.table === 'Vehicle')).toEqual([0, 1, 2].map((version) => ({ table: 'Vehicle', id: documentId, version, deleted: version === 2 })));
    expect(producer.messages.every((message) => message.key === ledger.strandId)).toBe(true);

    const records = producer.messages.map((message) => fromIon(message.value as Buffer) as IonStructObject);
    for (const summary of records.filter((r) => r.recordType === 'BLOCK_SUMMARY').map((r) => r.payload as unknown as BlockSummary)) {
      const details = records
        .filter((r) => r.recordType === 'REVISION_DETAILS')
        .map((r) => r.payload as unknown as RevisionDetails)
        .filter((d) => d.revision.blockAddress?.sequenceNo === summary.blockAddress.sequenceNo);
      expect(verifyBlock(rebuildBlock(summary, details)).valid).toBe(true);
    }
    await ledger.close();
  });

  it('in Ion text when asked; an EVENT has no QLDB form; bad ARNs and control types refused naming them', () => {
    const record: StreamRecord = { recordType: 'EVENT', position: { sequenceNo: 4, index: 1 }, payload: { blockAddress: { strandId: 's', sequenceNo: 4 }, transactionId: 'x', eventIndex: 0, event: { type: 'E' } } };
    expect(qldbStreamRecord(record, ARN)).toBeUndefined();
    expect(dom.load(new KafkaSink(recordingProducer(), { topic: 't', format: 'text', qldbStreamArn: ARN }).messageOf({ ...record, recordType: 'BLOCK_SUMMARY' } as never)!.value as string)!.get('qldbStreamArn')!.stringValue()).toBe(ARN);
    expect(() => qldbControlRecord('arn:aws:s3:::bucket', 'CREATED')).toThrow(/not "arn:aws:s3:::bucket"/);
    expect(() => qldbControlRecord(ARN, 'STARTED' as never)).toThrow(InvalidArgumentError);
    expect(() => new KafkaSink(recordingProducer(), { topic: 't', qldbStreamArn: 'nope' })).toThrow(/not "nope"/);
    return expect(new KafkaSink(recordingProducer(), { topic: 't' }).sendControlRecord('CREATED', 's')).rejects.toThrow(/only with the qldbStreamArn option/);
  });
});
