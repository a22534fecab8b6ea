// Stream records as QLDB's journal streams wrote them to Kinesis (ledger-format.md §6): each a struct
// `{ qldbStreamArn, recordType, payload }`, recordType CONTROL (payload `{ controlRecordType: CREATED
// | COMPLETED }`, the stream's first and last record), BLOCK_SUMMARY or REVISION_DETAILS (the
// payloads of this library's records, which already have QLDB's shapes). QLDB's streams carried no
// events, so an EVENT record has no QLDB form. Consumers written for QLDB's Kinesis records parse
// these unchanged.
import { InvalidArgumentError } from '../errors';
import type { IonStructObject } from '../ion';
import type { StreamRecord } from './stream-record';

export type QldbStreamRecordType = 'CONTROL' | 'BLOCK_SUMMARY' | 'REVISION_DETAILS';

export type QldbControlRecordType = 'CREATED' | 'COMPLETED';

export const QLDB_CONTROL_RECORD_TYPES: readonly QldbControlRecordType[] = ['CREATED', 'COMPLETED'];

export type QldbStreamRecord = {
  qldbStreamArn: string;
  recordType: QldbStreamRecordType;
  payload: IonStructObject;
};

/** `arn:<partition>:qldb:<region>:<account>:stream/<ledgerName>/<streamId>`, as QLDB named a stream. */
const STREAM_ARN = /^arn:[a-z-]+:qldb:[a-z0-9-]*:[0-9]*:stream\/[A-Za-z0-9-]+\/[A-Za-z0-9]+$/;

/** Throws InvalidArgumentError naming `arn` unless it has the form of a QLDB stream's ARN. */
export function checkQldbStreamArn(arn: unknown): string {
  if (typeof arn !== 'string' || !STREAM_ARN.test(arn)) {
    throw new InvalidArgumentError(
      `a QLDB stream ARN has the form arn:aws:qldb:<region>:<account>:stream/<ledgerName>/<streamId>, not ${JSON.stringify(arn)}`,
      arn,
    );
  }
  return arn;
}

/** The CONTROL record QLDB wrote first (CREATED) and, when the stream reached its end, last (COMPLETED). */
export function qldbControlRecord(qldbStreamArn: string, controlRecordType: QldbControlRecordType): QldbStreamRecord {
  if (!QLDB_CONTROL_RECORD_TYPES.includes(controlRecordType)) {
    throw new InvalidArgumentError(`controlRecordType is CREATED or COMPLETED, not ${JSON.stringify(controlRecordType)}`, controlRecordType);
  }
  return { qldbStreamArn: checkQldbStreamArn(qldbStreamArn), recordType: 'CONTROL', payload: { controlRecordType } };
}

/** `record` as QLDB's stream wrote it to Kinesis; undefined for an EVENT record, which QLDB's streams never carried. */
export function qldbStreamRecord(record: StreamRecord, qldbStreamArn: string): QldbStreamRecord | undefined {
  if (record.recordType === 'EVENT') return undefined;
  return { qldbStreamArn: checkQldbStreamArn(qldbStreamArn), recordType: record.recordType, payload: record.payload as unknown as IonStructObject };
}
