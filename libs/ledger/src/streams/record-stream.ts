// The journal as stream records: checks a stream's options, then opens, for each subscription or
// iterator, a follower from the start block and a reader that turns its blocks into the wanted
// records, skipping those before the start position in the first block.
import type { Block } from '../journal';
import { JournalFollower } from './journal-follower';
import type { JournalSource } from './journal-source';
import { optionsObject, pagingOf, streamKinds, streamStart, type StreamOptions } from './stream-options';
import { StreamReader } from './stream-reader';
import { blockRecords, type StreamRecord } from './stream-record';

/** Checks `options` now (throwing InvalidArgumentError) and returns what opens a reader of the records they ask for. */
export function recordReaderOpener(source: JournalSource, options: StreamOptions | undefined, call: string): () => StreamReader<StreamRecord> {
  const given = optionsObject(options, call);
  const start = streamStart(given.from, call);
  const kinds = streamKinds(given.kinds);
  const paging = pagingOf(given, call);
  const revisions = kinds.has('BLOCK_SUMMARY') || kinds.has('REVISION_DETAILS');
  const toRecords = (blocks: readonly Block[]) =>
    blocks.flatMap((block) => blockRecords(block, kinds, block.blockAddress.sequenceNo === start.sequenceNo ? start.index : 0));
  return () => new StreamReader(new JournalFollower(source, { from: start.sequenceNo, revisions, ...paging }), toRecords);
}
