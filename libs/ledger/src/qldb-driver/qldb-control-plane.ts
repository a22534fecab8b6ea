// QLDB's control-plane calls that verification code makes (GetDigest, GetBlock, GetRevision), in
// the request and response shapes of @aws-sdk/client-qldb, answered from a ledger of this library:
// addresses, blocks, revisions and proofs as Ion text in `{ IonText }` value holders, the digest as
// bytes. Code written against QLDB's published verification samples checks these proofs unchanged.
import { Ledger, type LedgerOptions } from '../engine';
import { describeValue, InvalidArgumentError } from '../errors';
import { fromIon, isPlainObject, toIon, type IonValue } from '../ion';
import type { BlockAddress } from '../journal';
import { LedgerNameMismatchError } from './errors';

/** An Ion value as QLDB's API carried it. */
export interface ValueHolder {
  IonText?: string;
}

export interface GetDigestRequest {
  Name: string;
}

export interface GetDigestResponse {
  Digest: Uint8Array;
  DigestTipAddress: ValueHolder;
}

export interface GetBlockRequest {
  Name: string;
  BlockAddress: ValueHolder;
  /** With it, the response carries the block's proof to the digest at that tip. */
  DigestTipAddress?: ValueHolder;
}

export interface GetBlockResponse {
  Block: ValueHolder;
  Proof?: ValueHolder;
}

export interface GetRevisionRequest {
  Name: string;
  BlockAddress: ValueHolder;
  DocumentId: string;
  DigestTipAddress: ValueHolder;
}

export interface GetRevisionResponse {
  Revision: ValueHolder;
  Proof: ValueHolder;
}

/** Where the QLDB client took AWS client options: the ledger it answers for, open or to open. */
export interface QldbControlPlaneOptions {
  ledger: Ledger | LedgerOptions;
}

/** The control-plane client (`QLDB` of @aws-sdk/client-qldb) for one ledger. */
export class QLDB {
  private readonly ledger: Promise<Ledger>;
  private readonly ownsLedger: boolean;

  constructor(options: QldbControlPlaneOptions) {
    this.ownsLedger = !(options.ledger instanceof Ledger);
    this.ledger = options.ledger instanceof Ledger ? Promise.resolve(options.ledger) : Ledger.open(options.ledger);
    this.ledger.catch(() => undefined); // reported by the first call
  }

  /** The digest of the journal at its tip, and the tip's address. */
  async getDigest(request: GetDigestRequest): Promise<GetDigestResponse> {
    const ledger = await this.ledgerNamed(request.Name);
    const { digest, digestTipAddress } = await ledger.getDigest();
    return { Digest: digest, DigestTipAddress: holder(digestTipAddress) };
  }

  /** A block, with its proof to the digest at DigestTipAddress when one is given. */
  async getBlock(request: GetBlockRequest): Promise<GetBlockResponse> {
    const ledger = await this.ledgerNamed(request.Name);
    const address = blockAddress(request.BlockAddress, 'BlockAddress');
    const tip = request.DigestTipAddress === undefined ? undefined : blockAddress(request.DigestTipAddress, 'DigestTipAddress');
    const { block, proof } = await ledger.getBlock(address, tip);
    return { Block: holder(block), ...(tip ? { Proof: holder(proof) } : {}) };
  }

  /** A document's revision in the block at BlockAddress, with its proof to the digest at DigestTipAddress. */
  async getRevision(request: GetRevisionRequest): Promise<GetRevisionResponse> {
    const ledger = await this.ledgerNamed(request.Name);
    const address = blockAddress(request.BlockAddress, 'BlockAddress');
    const tip = blockAddress(request.DigestTipAddress, 'DigestTipAddress');
    const { revision, proof } = await ledger.getRevision(address, request.DocumentId, tip);
    return { Revision: holder(revision), Proof: holder(proof) };
  }

  /** Closes the ledger when this client opened it from options (the AWS client's `destroy`). */
  async destroy(): Promise<void> {
    if (this.ownsLedger) await (await this.ledger.catch(() => undefined))?.close();
  }

  private async ledgerNamed(name: string): Promise<Ledger> {
    const ledger = await this.ledger;
    if (name !== ledger.name) throw new LedgerNameMismatchError(name, ledger.name);
    return ledger;
  }
}

function holder(value: IonValue): ValueHolder {
  return { IonText: toIon(value, 'text') };
}

/** The block address in a request's value holder; the ledger checks its fields. */
function blockAddress(valueHolder: ValueHolder | undefined, field: string): BlockAddress {
  const text = valueHolder?.IonText;
  const value = typeof text === 'string' ? ionOrNothing(text) : undefined;
  if (!isPlainObject(value)) {
    throw new InvalidArgumentError(`${field} must hold Ion text {strandId: "…", sequenceNo: <int>}, not ${describeValue(text)}`, valueHolder);
  }
  return value as BlockAddress;
}

function ionOrNothing(text: string): IonValue | undefined {
  try {
    return fromIon(text);
  } catch {
    return undefined;
  }
}
