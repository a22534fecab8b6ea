// Type-checked (never run) in an application with no Nest, kafkajs or pg installed, and the
// library's declarations checked too: each entry point but nestjs-ledger/nest compiles there.
import { Ledger, type StreamRecord } from 'nestjs-ledger';
import { KafkaSink, type KafkaRecordProducer } from 'nestjs-ledger/sinks';
import { openTemporaryLedger } from 'nestjs-ledger/testing';
import { verifyProofFile } from 'nestjs-ledger/verify';

export async function forward(producer: KafkaRecordProducer, records: AsyncIterable<StreamRecord>): Promise<boolean> {
  await new KafkaSink(producer, { topic: 'ledger' }).forward(records);
  const { ledger, remove } = await openTemporaryLedger();
  const opened: Ledger = ledger;
  await remove();
  return opened instanceof Ledger && verifyProofFile('', {}).valid;
}
