// Test fixture: a journal export written the way QLDB writes one, independently of the engine:
// every block's entriesHashList carries QLDB's internal entries (hashes this project cannot
// recompute) around the revisions root and H(transactionInfo), some blocks hold hash-only system
// revisions, the catalog never appears as revisions, and the data file is one Ion binary stream
// (one version marker, a shared symbol table) as QLDB's ION_BINARY export writes it.
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeBinaryWriter, makeReader } from 'ion-js';
import { toIon, type Block, type IonStructObject, type Revision } from 'nestjs-ledger';
import { dot, ionHash, merkleRoot, revisionHash, statementDigest } from 'nestjs-ledger/verify';

const STRAND = 'QldbStrand000000000001';
const TABLES = { Vehicle: 'QldbVehicleTable000001', Person: 'QldbPersonTable0000001' };

function systemHash(label: string): Uint8Array {
  return new Uint8Array(createHash('sha256').update(label).digest());
}

interface Step {
  statement: string;
  writes: Array<{ table: keyof typeof TABLES; id: string; version: number; data?: IonStructObject }>;
}

const STEPS: Step[] = [
  { statement: 'CREATE TABLE Vehicle', writes: [] },
  { statement: 'CREATE TABLE Person', writes: [] },
  { statement: 'INSERT INTO Vehicle ?', writes: [{ table: 'Vehicle', id: 'QldbDocVehicle00000001', version: 0, data: { VIN: 'V1', Price: 10 } }] },
  { statement: 'INSERT INTO Person ?', writes: [{ table: 'Person', id: 'QldbDocPerson000000001', version: 0, data: { name: 'Ana' } }] },
  { statement: 'UPDATE Vehicle SET Price = 12', writes: [{ table: 'Vehicle', id: 'QldbDocVehicle00000001', version: 1, data: { VIN: 'V1', Price: 12 } }] },
  { statement: 'INSERT INTO Vehicle ?', writes: [{ table: 'Vehicle', id: 'QldbDocVehicle00000002', version: 0, data: { VIN: 'V2', Price: 20 } }] },
  { statement: 'DELETE FROM Person', writes: [{ table: 'Person', id: 'QldbDocPerson000000001', version: 1 }] },
];

/** A last block that drops the Person table, as QLDB journals `DROP TABLE` (its catalog change in system entries only). */
const DROP_PERSON: Step = { statement: 'DROP TABLE Person', writes: [] };

/** The blocks of the fixture's journal, each verifiable by QLDB's rules; `dropPerson` ends it with a DROP TABLE. */
export function qldbShapedBlocks(options: { dropPerson?: boolean } = {}): Block[] {
  const blocks: Block[] = [];
  (options.dropPerson ? [...STEPS, DROP_PERSON] : STEPS).forEach((step, sequenceNo) => {
    const time = new Date(Date.UTC(2024, 5, 1, 0, 0, sequenceNo));
    const transactionId = `QldbTx${String(sequenceNo).padStart(16, '0')}`;
    const blockAddress = { strandId: STRAND, sequenceNo };
    const revisions: Revision[] = step.writes.map((w) => {
      const metadata = { id: w.id, version: w.version, txTime: time, txId: transactionId };
      const revision = { blockAddress, metadata, ...(w.data ? { data: w.data } : {}) };
      return { ...revision, hash: revisionHash(revision) };
    });
    if (sequenceNo % 2 === 0) revisions.unshift({ hash: systemHash(`system revision ${sequenceNo}`) });
    const transactionInfo = {
      statements: [{ statement: step.statement, startTime: time, statementDigest: statementDigest(step.statement) }],
      documents: Object.fromEntries(step.writes.map((w) => [w.id, { tableName: w.table, tableId: TABLES[w.table], statements: [0] }])),
    };
    const entriesHashList = [
      systemHash(`internal entry A ${sequenceNo}`),
      ...(revisions.length ? [merkleRoot(revisions.map((r) => r.hash))] : []),
      ionHash(transactionInfo),
      systemHash(`internal entry B ${sequenceNo}`),
    ];
    const previousBlockHash = sequenceNo === 0 ? new Uint8Array(0) : blocks[sequenceNo - 1].blockHash;
    const entriesHash = merkleRoot(entriesHashList);
    const block: Block = {
      blockAddress,
      transactionId,
      blockTimestamp: time,
      blockHash: dot(entriesHash, previousBlockHash),
      entriesHash,
      previousBlockHash,
      entriesHashList,
      transactionInfo,
      ...(revisions.length ? { revisions } : {}),
    };
    blocks.push(block);
  });
  return blocks;
}

/** Writes the fixture as a QLDB ION_BINARY export under `directory/<prefix>/` (as `aws s3 sync` copies it). */
export function writeQldbShapedExport(directory: string, options: { dropPerson?: boolean } = {}): { blocks: Block[]; strandId: string } {
  const blocks = qldbShapedBlocks(options);
  const exportId = 'QldbExport000000000001';
  const dataDir = join(directory, 'journalExport', exportId);
  mkdirSync(dataDir, { recursive: true });
  const writer = makeBinaryWriter();
  writer.writeValues(makeReader(blocks.map((b) => toIon(b as never, 'text')).join('\n')));
  writer.close();
  const key = `journalExport/${exportId}/${STRAND}.0-${blocks.length - 1}.ion`;
  writeFileSync(join(directory, key), writer.getBytes());
  writeFileSync(
    join(directory, 'journalExport', `${exportId}.started.manifest`),
    `{ledgerName:"dmv",exportId:"${exportId}",inclusiveStartTime:2024-06-01T00:00:00Z,exclusiveEndTime:2024-06-02T00:00:00Z,bucket:"bucket",prefix:"journalExport",objectEncryptionType:"NO_ENCRYPTION",outputFormat:"ION_BINARY"}`,
  );
  writeFileSync(join(directory, 'journalExport', `${exportId}.${STRAND}.completed.manifest`), `{keys:["${key}"]}`);
  return { blocks, strandId: STRAND };
}
