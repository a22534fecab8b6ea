// An export's per-block work: decoding a block from its stored rows and encoding it as it goes into
// a data file (ledger-format.md §6): Ion text (one block per line), Ion binary (each block a complete
// Ion binary value with its own version marker, so a file is a valid Ion stream) or JSON Lines (the
// lossless `$ion` mapping of toIonJson). Runs on a page of blocks in the calling thread or in a
// worker; reading the rows, the files and their order stay with the exporter.
import { toIon, toIonJson, type IonValue } from '../../ion';
import type { Block } from '../../journal';
import { rowsToBlock, type BlockRows } from '../journal-rows';

export type BlockEncoding = 'ion-text' | 'ion-binary' | 'json';

/** A page of stored blocks to encode, and the time range ([fromTime, toTime), ms) of those wanted. */
export interface BlockEncodingPage {
  encoding: BlockEncoding;
  fromTime?: number;
  toTime?: number;
  blocks: BlockRows[];
}

/** A block of the page: its time (ms) and its encoding when it is in the time range, or why its rows cannot be exported. */
export type EncodedBlock = { sequenceNo: number; time: number; bytes?: Uint8Array } | { sequenceNo: number; unreadable: string };

/** Each block of the page, in order. */
export function encodeStoredBlocks({ encoding, fromTime, toTime, blocks }: BlockEncodingPage): EncodedBlock[] {
  return blocks.map((rows) => {
    const sequenceNo = Number(rows.block.sequenceNo);
    try {
      const block = rowsToBlock(rows);
      const time = timeOf(block);
      const wanted = (fromTime === undefined || time >= fromTime) && (toTime === undefined || time < toTime);
      return { sequenceNo, time, ...(wanted ? { bytes: encodeBlock(block, encoding) } : {}) };
    } catch (error) {
      return { sequenceNo, unreadable: (error as Error).message };
    }
  });
}

/** One block as it goes into a data file. */
export function encodeBlock(block: Block, encoding: BlockEncoding): Uint8Array {
  const value = block as unknown as IonValue;
  if (encoding === 'ion-binary') return toIon(value, 'binary');
  const text = encoding === 'json' ? JSON.stringify(toIonJson(value)) : toIon(value, 'text');
  return Buffer.from(`${text}\n`, 'utf8');
}

function timeOf(block: Block): number {
  const time = block.blockTimestamp;
  return (time instanceof Date ? time : time.getDate()).getTime();
}
