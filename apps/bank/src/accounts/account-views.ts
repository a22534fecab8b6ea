// Turns what the ledger returns about an account (a committed revision, a history row, a block's
// revision: `{ blockAddress, hash, data, metadata }`) into the API's JSON shapes: money as decimal
// strings, hashes as base64, times as ISO 8601, so no Ion value is ever lost to a JSON number.
import type { Block, BlockAddress, Decimal, IonValue } from 'nestjs-ledger';
import { type AccountDto, type AccountReceiptDto, type AccountRevisionDto, type BlockAddressDto } from './dto';
import { moneyText } from './money';

/** A revision of an account document as the ledger gives it. */
interface AccountRevision {
  blockAddress?: BlockAddress;
  hash?: Uint8Array;
  data?: { owner: string; balance: Decimal };
  metadata: { id: string; version: number; txTime: unknown; txId: string };
}

export function accountOf(value: IonValue | object): AccountDto {
  const { data, metadata } = value as AccountRevision;
  return { id: metadata.id, owner: data!.owner, balance: moneyText(data!.balance), version: metadata.version };
}

export function accountRevisionOf(value: IonValue | object): AccountRevisionDto {
  const revision = value as AccountRevision;
  return {
    ...accountOf(revision),
    blockAddress: blockAddressOf(revision.blockAddress!),
    hash: Buffer.from(revision.hash!).toString('base64'),
    txTime: timeText(revision.metadata.txTime),
    txId: revision.metadata.txId,
  };
}

/** The account `id` as the command committed in `block` left it, with the block's address. */
export function accountReceiptOf(block: Block, id: string): AccountReceiptDto {
  return { ...accountOf(revisionIn(block, id)), block: blockAddressOf(block.blockAddress) };
}

/** The account `id`'s revision in `block`. */
export function revisionIn(block: Block, id: string): object {
  return block.revisions!.find((revision) => revision.metadata?.id === id)!;
}

export function blockAddressOf(address: BlockAddress): BlockAddressDto {
  return { strandId: address.strandId, sequenceNo: address.sequenceNo };
}

function timeText(value: unknown): string {
  return value instanceof Date ? value.toISOString() : String(value);
}
