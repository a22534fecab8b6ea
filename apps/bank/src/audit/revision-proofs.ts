// Revision proofs of accounts as saved-proof files: the revision of one version of an account bound
// to its block, the block's proof to the digest at a tip, the tip block's evidence, and the digest
// signed with the bank's key, as the Ion text `ledger verify-proof` checks offline.
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
    const proven = await this.ledger.getBlock(address, tipAddress);
    const { oldDigest: digest } = await this.ledger.getConsistencyProof(proven.digestTipAddress, proven.digestTipAddress);
    const checkpoint = { origin: this.ledger.checkpointOrigin, treeSize: digest.digestTipAddress.sequenceNo + 1, digest: digest.digest };
    const tipProof = await this.ledger.getTipProof(digest.digestTipAddress);
    return revisionProofFile(proven, id, { ...digest, tip: tipProof, note: signDigest(checkpoint, this.keys.privateKey) });
  }
}
