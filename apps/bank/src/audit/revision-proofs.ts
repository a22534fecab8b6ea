// Revision proofs of accounts as saved-proof files: the revision of one version of an account, its
// proof to the digest at a tip, that digest and the digest signed with the bank's key, as the Ion
// text `ledger verify-proof` checks offline.
import { Injectable } from '@nestjs/common';
import { Ledger, revisionProofFile, signDigest, type BlockAddress } from 'nestjs-ledger';
import { AccountQueries } from '../accounts';
import { SigningKeys } from '../config';

@Injectable()
export class RevisionProofs {
  constructor(
    private readonly ledger: Ledger,
    private readonly accounts: AccountQueries,
    private readonly keys: SigningKeys,
  ) {}

  /** The proof file of version `version` of account `id`, to the digest at block `tip` (default: the current tip). */
  async accountProof(id: string, version: number, tip?: number): Promise<string> {
    const address = await this.accounts.blockOf(id, version);
    const tipAddress: BlockAddress | undefined = tip === undefined ? undefined : { strandId: address.strandId, sequenceNo: tip };
    const proven = await this.ledger.getRevision(address, id, tipAddress);
    const { oldDigest: digest } = await this.ledger.getConsistencyProof(proven.digestTipAddress, proven.digestTipAddress);
    const checkpoint = { origin: this.ledger.name, treeSize: digest.digestTipAddress.sequenceNo + 1, digest: digest.digest };
    return revisionProofFile(proven, { ...digest, note: signDigest(checkpoint, this.keys.privateKey) });
  }
}
