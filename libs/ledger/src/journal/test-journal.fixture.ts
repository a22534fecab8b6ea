// Test fixture: a small journal built with buildBlock (genesis, inserts, an update, a delete,
// events), used by the journal specs. Deterministic ids and timestamps.
import type { Block } from './block.types';
import { buildBlock, type BlockInput } from './block-builder';

const STRAND = 'Strand0000000000000001';
const TABLE_ID = 'TableVehicle0000000001';

function at(second: number): Date {
  return new Date(Date.UTC(2026, 0, 1, 0, 0, second));
}

function txId(n: number): string {
  return `Tx${String(n).padStart(20, '0')}`;
}

export function docId(n: number): string {
  return `Doc${String(n).padStart(19, '0')}`;
}

/** Genesis, then one block per step: 2 inserts, an update with events, a delete, a statement-only block. */
export function buildTestJournal(): Block[] {
  const steps: Array<Omit<BlockInput, 'strandId' | 'previous'>> = [
    { transactionId: txId(0), timestamp: at(0), statements: [] },
    {
      transactionId: txId(1),
      timestamp: at(1),
      statements: [
        { statement: 'CREATE TABLE Vehicle', startTime: at(1) },
        { statement: 'INSERT INTO Vehicle ?', parameters: [{ VIN: 'VIN1' }], startTime: at(1) },
        { statement: 'INSERT INTO Vehicle ?', parameters: [{ VIN: 'VIN2' }], startTime: at(1) },
      ],
      revisions: [
        { tableName: 'Vehicle', tableId: TABLE_ID, documentId: docId(1), version: 0, data: { VIN: 'VIN1', Miles: 0 }, statements: [1] },
        { tableName: 'Vehicle', tableId: TABLE_ID, documentId: docId(2), version: 0, data: { VIN: 'VIN2', Miles: 5 }, statements: [2] },
      ],
    },
    {
      transactionId: txId(2),
      timestamp: at(2),
      statements: [{ statement: 'UPDATE Vehicle SET Miles = ? WHERE VIN = ?', parameters: [30, 'VIN2'], startTime: at(2) }],
      revisions: [
        { tableName: 'Vehicle', tableId: TABLE_ID, documentId: docId(2), version: 1, data: { VIN: 'VIN2', Miles: 30 }, statements: [0] },
      ],
      events: [
        { type: 'MilesRecorded', vin: 'VIN2', miles: 30 },
        { type: 'ServiceDue', vin: 'VIN2' },
        { type: 'Audited', by: 'inspector' },
      ],
    },
    {
      transactionId: txId(3),
      timestamp: at(3),
      statements: [{ statement: "DELETE FROM Vehicle WHERE VIN = 'VIN1'", startTime: at(3) }],
      revisions: [{ tableName: 'Vehicle', tableId: TABLE_ID, documentId: docId(1), version: 1, statements: [0] }],
    },
    {
      transactionId: txId(4),
      timestamp: at(4),
      statements: [{ statement: 'CREATE INDEX ON Vehicle (VIN)', startTime: at(4) }],
    },
  ];
  const blocks: Block[] = [];
  for (const step of steps) {
    const last = blocks[blocks.length - 1];
    blocks.push(
      buildBlock({
        ...step,
        strandId: STRAND,
        previous: last ? { sequenceNo: last.blockAddress.sequenceNo, blockHash: last.blockHash } : null,
      }),
    );
  }
  return blocks;
}
