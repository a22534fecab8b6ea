// Forwards stream records to a Kafka topic through a kafkajs producer the application creates
// (kafkajs stays optional: the sink declares the little of a producer it uses, so its types compile
// without kafkajs installed, and a kafkajs `Producer` fits them). Each record becomes one message whose
// value is `{ recordType, payload }` in Ion (binary by default), the shape QLDB's streams
// published, keyed by the ledger's strand id (so one partition holds them in journal order) and
// carrying its position in headers. Records are sent in order, a batch per send, each send awaited
// before the next records are pulled: delivery is at-least-once, and `onSent` gets the position
// after each batch to checkpoint on. With `qldbStreamArn` the values are QLDB's Kinesis records
// `{ qldbStreamArn, recordType, payload }` (EVENT records, which QLDB never streamed, are skipped),
// and `sendControlRecord` sends the CONTROL records CREATED and COMPLETED.
import { InvalidArgumentError } from '../errors';
import { toIon, type IonStructObject } from '../ion';
import { checkQldbStreamArn, qldbControlRecord, qldbStreamRecord, type QldbControlRecordType, type StreamPosition, type StreamRecord } from '../streams';

export interface KafkaSinkOptions {
  topic: string;
  /** Ion binary (default) or Ion text. */
  format?: 'binary' | 'text';
  /** Records per send (default 100). */
  batchSize?: number;
  /** The message key of a record (default: the ledger's strand id, one partition for the whole journal). */
  key?: (record: StreamRecord) => string;
  /** Write QLDB's Kinesis records, carrying this stream ARN (`arn:aws:qldb:<region>:<account>:stream/<ledger>/<id>`). */
  qldbStreamArn?: string;
}

/** One Kafka message as the sink builds it (a kafkajs `Message`). */
export interface KafkaRecordMessage {
  key: string;
  value: string | Buffer;
  headers: Record<string, string>;
}

/** What the sink needs of a kafkajs producer (connected by the application): its `send`. */
export interface KafkaRecordProducer {
  send(record: { topic: string; messages: KafkaRecordMessage[] }): Promise<unknown>;
}

export class KafkaSink {
  private readonly batchSize: number;

  constructor(
    private readonly producer: KafkaRecordProducer,
    private readonly options: KafkaSinkOptions,
  ) {
    if (typeof options?.topic !== 'string' || options.topic.length === 0) throw new InvalidArgumentError('KafkaSink needs a topic', options?.topic);
    if (options.format !== undefined && options.format !== 'binary' && options.format !== 'text') {
      throw new InvalidArgumentError(`KafkaSink format is 'binary' or 'text', not ${String(options.format)}`, options.format);
    }
    if (options.qldbStreamArn !== undefined) checkQldbStreamArn(options.qldbStreamArn);
    this.batchSize = options.batchSize ?? 100;
    if (!(Number.isSafeInteger(this.batchSize) && this.batchSize >= 1)) throw new InvalidArgumentError(`KafkaSink batchSize is a positive integer, not ${this.batchSize}`, options.batchSize);
  }

  /**
   * Sends the records of `records` (e.g. `ledger.streamIterator({ from })`) until it ends or fails,
   * `batchSize` at a time, and calls `onSent` with the position of each batch's last record once
   * Kafka acknowledged it. A failed send rejects, leaving the iterator to the caller.
   */
  async forward(records: AsyncIterable<StreamRecord>, onSent: (last: StreamPosition) => void | Promise<void> = () => undefined): Promise<void> {
    let batch: StreamRecord[] = [];
    for await (const record of records) {
      batch.push(record);
      if (batch.length >= this.batchSize || !hasMoreAtHand(records)) {
        await this.send(batch, onSent);
        batch = [];
      }
    }
    if (batch.length) await this.send(batch, onSent);
  }

  /** The Kafka message of one record; undefined for an EVENT record when writing QLDB's records. */
  messageOf(record: StreamRecord): KafkaRecordMessage | undefined {
    const arn = this.options.qldbStreamArn;
    const content = arn === undefined ? { recordType: record.recordType, payload: record.payload } : qldbStreamRecord(record, arn);
    if (content === undefined) return undefined;
    return {
      key: this.options.key?.(record) ?? strandOf(record),
      value: this.encode(content),
      headers: { 'ledger-record-type': record.recordType, 'ledger-position': `${record.position.sequenceNo}.${record.position.index}` },
    };
  }

  /**
   * Sends QLDB's CONTROL record: CREATED before the stream's first records, COMPLETED after its last
   * when it reached the end it was given. `key` is the partition key: the ledger's strand id puts it
   * in the partition of the journal's records.
   */
  async sendControlRecord(controlRecordType: QldbControlRecordType, key: string): Promise<void> {
    const arn = this.options.qldbStreamArn;
    if (arn === undefined) throw new InvalidArgumentError('KafkaSink sends CONTROL records only with the qldbStreamArn option', controlRecordType);
    const message = { key, value: this.encode(qldbControlRecord(arn, controlRecordType)), headers: { 'ledger-record-type': 'CONTROL' } };
    await this.producer.send({ topic: this.options.topic, messages: [message] });
  }

  private encode(content: IonStructObject): string | Buffer {
    const value = toIon(content, this.options.format ?? 'binary');
    return typeof value === 'string' ? value : Buffer.from(value.buffer, value.byteOffset, value.byteLength);
  }

  private async send(batch: StreamRecord[], onSent: (last: StreamPosition) => void | Promise<void>): Promise<void> {
    const messages = batch.flatMap((record) => this.messageOf(record) ?? []);
    if (messages.length) await this.producer.send({ topic: this.options.topic, messages });
    await onSent(batch[batch.length - 1].position);
  }
}

/** Whether `records` holds further records already read (a StreamIterator tells; of other iterables, batches are filled). */
function hasMoreAtHand(records: AsyncIterable<StreamRecord>): boolean {
  const buffered = (records as { buffered?: { items: number } }).buffered;
  return buffered === undefined || buffered.items > 0;
}

function strandOf(record: StreamRecord): string {
  const payload = record.payload as { blockAddress?: { strandId: string }; revision?: { blockAddress?: { strandId: string } } };
  return payload.blockAddress?.strandId ?? payload.revision?.blockAddress?.strandId ?? '';
}
