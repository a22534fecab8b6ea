// An import's per-block work on Ion binary data files: decoding each top-level value (after the
// version marker and symbol tables in force where it stands), checking the block's own hashes
// (journal/block-verifier.ts) and encoding the rows it is stored as. Runs on a batch of values in
// the calling thread or in a worker; the chain, the tree and the writes stay with the importer.
import { isPlainObject, readIonStream } from '../../ion';
import { inspectBlock, type Block, type BlockInspection } from '../../journal';
import { blockToRows, type BlockRows } from '../journal-rows';

/** Top-level Ion binary values of a data file, each with the index of its context in `contexts`. */
export interface EncodedBlockBatch {
  /** Version markers followed by the symbol tables in force (bytes that decode to no value). */
  contexts: Uint8Array[];
  values: Array<{ context: number; bytes: Uint8Array }>;
}

/** What the importer reads of a block beside its rows: where it goes and what it links to. */
export interface ImportedBlockFacts {
  blockAddress: { strandId: unknown; sequenceNo: unknown } | undefined;
  blockHash: Uint8Array;
  previousBlockHash: Uint8Array;
  /** transactionInfo's documents (table of each) and statements, as ImportedTables reads them. */
  transactionInfo: Pick<Block['transactionInfo'], 'documents' | 'statements'>;
}

/** One decoded value: the block's facts, inspection and rows, or why it could not be read or stored. */
export type ImportedBlock =
  | { unreadable: string }
  | { facts: ImportedBlockFacts; inspection: BlockInspection; rows?: BlockRows; unstorable?: string };

/** Each value of the batch, in order (a value may hold several top-level values, or fail to decode). */
export function decodeImportedBlocks(batch: EncodedBlockBatch): ImportedBlock[] {
  const decoded: ImportedBlock[] = [];
  for (const { context, bytes } of batch.values) {
    let values;
    try {
      values = [...readIonStream(concatBytes(batch.contexts[context], bytes))];
    } catch (error) {
      decoded.push({ unreadable: (error as Error).message });
      break;
    }
    for (const value of values) decoded.push(importedBlock(value as unknown as Block));
  }
  return decoded;
}

/** The block's facts and inspection; its rows when it verifies on its own. */
export function importedBlock(block: Block): ImportedBlock {
  const inspection = inspectBlock(block);
  const facts = factsOf(block);
  if (inspection.problems.length) return { facts, inspection };
  try {
    return { facts, inspection, rows: blockToRows(block, (documentId) => block.transactionInfo.documents[documentId]?.tableId ?? null) };
  } catch (error) {
    return { facts, inspection, unstorable: (error as Error).message };
  }
}

function factsOf(block: Block): ImportedBlockFacts {
  const address = isPlainObject(block) && isPlainObject(block.blockAddress) ? block.blockAddress : undefined;
  const info = isPlainObject(block) && isPlainObject(block.transactionInfo) ? block.transactionInfo : undefined;
  const documents = isPlainObject(info?.documents) ? info.documents : {};
  return {
    blockAddress: address && { strandId: address.strandId, sequenceNo: address.sequenceNo },
    blockHash: block?.blockHash,
    previousBlockHash: block?.previousBlockHash,
    transactionInfo: {
      documents: Object.fromEntries(Object.entries(documents).map(([id, d]) => [id, { tableId: d?.tableId, tableName: d?.tableName, statements: [] }])),
      statements: Array.isArray(info?.statements) ? info.statements.map((s) => ({ statement: typeof s?.statement === 'string' ? s.statement : '' }) as never) : [],
    },
  };
}

/** `a` then `b` in a new array of their own (not a slice of a shared pool: it may go to another thread). */
export function concatBytes(a: Uint8Array, b: Uint8Array): Uint8Array {
  const joined = new Uint8Array(a.length + b.length);
  joined.set(a);
  joined.set(b, a.length);
  return joined;
}
