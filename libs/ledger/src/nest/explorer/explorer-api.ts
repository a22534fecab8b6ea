// The explorer's JSON API over one ledger, read-only: the overview (tip, digest, signed digest),
// blocks over time (from a few headers), blocks a page at a time (never the journal whole), a block with its proof file, a document's
// history, a revision's proof file, consistency proofs, the live tail of new blocks and PartiQL
// queries (anything else refused). Hashes travel as
// base64, Ion values as JSON (toIonJson), proof files as Ion text for the browser to verify.
import { map, type Observable } from 'rxjs';
import { encodeBase64 } from '../../crypto';
import type { Ledger } from '../../engine';
import { InvalidArgumentError } from '../../errors';
import { toIonJson, type IonStructObject, type IonValue, type JsonValue } from '../../ion';
import { blockProofFile, consistencyProofFile, revisionProofFile, type Block, type DigestLike, type ProvenBlockLike } from '../../journal';
import { parsePartiql } from '../../partiql';
import { blockActivity } from './block-activity';
import { ReadOnlyStatementError } from './read-only-statement.error';

/** Most blocks one page holds. */
export const MAX_PAGE = 100;
const TABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,127}$/;

export interface BlockSummary {
  sequenceNo: number;
  transactionId: string;
  blockTimestamp: JsonValue;
  blockHash: string;
  revisions: number;
  events: number;
  statements: string[];
  documents: Array<{ id: string; table: string }>;
}

export class ExplorerApi {
  constructor(
    private readonly ledger: Ledger,
    private readonly options: { publicKey?: string; maxQueryRows: number },
  ) {}

  /** The tip, the digest, and the signed digest when the ledger has a signing key. */
  async overview(): Promise<JsonValue> {
    const digest = await this.currentDigest();
    return {
      strandId: this.ledger.strandId,
      tip: digest.digestTipAddress.sequenceNo,
      digest: encodeBase64(digest.digest),
      signedDigest: digest.note ?? null,
      checkpointOrigin: this.ledger.checkpointOrigin,
      publicKey: this.options.publicKey ?? null,
    };
  }

  /** The blocks committed in each of `periods` equal periods of the journal's life, oldest first. */
  async activity(periods: number): Promise<JsonValue> {
    return (await blockActivity(this.ledger, periods)) as unknown as JsonValue;
  }

  /** Up to `limit` blocks ending at `last` (default: the tip), newest first, and where the next page ends. */
  async blocks(last: number | undefined, limit: number): Promise<JsonValue> {
    const tip = (await this.ledger.getDigest()).digestTipAddress.sequenceNo;
    const end = Math.min(last ?? tip, tip);
    const first = Math.max(0, end - Math.max(1, limit) + 1);
    const blocks = await this.ledger.readBlocks(first, end);
    return { tip, blocks: blocks.reverse().map(blockSummary) as unknown as JsonValue, next: first > 0 ? first - 1 : null };
  }

  /** Each block from block `from` on (default: those committed from now on), as its summary: the live tail, sent as server-sent events. */
  tail(from: number | undefined): Observable<BlockSummary> {
    return this.ledger.blocks$({ from: from ?? 'now' }).pipe(map(({ payload }) => ({ ...blockSummary({ ...payload, revisions: undefined }), revisions: payload.revisionSummaries.length })));
  }

  /** A block as JSON, with its proof file to the current digest. */
  async block(sequenceNo: number): Promise<JsonValue> {
    const { proven, digest } = await this.provenWithDigest(sequenceNo);
    return { summary: blockSummary(proven.block) as unknown as JsonValue, block: toIonJson(proven.block as unknown as IonValue), proofFile: blockProofFile(proven, digest) };
  }

  /** The proof file of `documentId`'s revision committed in block `sequenceNo`. */
  async revisionProof(sequenceNo: number, documentId: string): Promise<JsonValue> {
    const { proven, digest } = await this.provenWithDigest(sequenceNo);
    return { proofFile: revisionProofFile(proven, documentId, digest) };
  }

  /** The proof file that the current digest extends the digest at block `tip` (check it with the digest held from then). */
  async consistencyProof(tip: number): Promise<JsonValue> {
    const current = await this.currentDigest();
    const { oldDigest, proof } = await this.ledger.getConsistencyProof({ strandId: this.ledger.strandId, sequenceNo: tip }, current.digestTipAddress);
    return { proofFile: consistencyProofFile(oldDigest, proof, { ...current, tip: await this.ledger.getTipProof(current.digestTipAddress) }) };
  }

  /** Every committed revision of a document of `table`, oldest first, with the block that committed it. */
  async history(table: string, documentId: string): Promise<JsonValue> {
    if (!TABLE_NAME.test(table)) throw new InvalidArgumentError(`table name ${JSON.stringify(table)} is invalid: letters, digits and underscores`, table);
    const revisions: JsonValue[] = [];
    for await (const row of this.ledger.queryIterator(`SELECT * FROM history(${table}) AS h WHERE h.metadata.id = ?`, documentId)) {
      const revision = row as IonStructObject;
      const metadata = revision.metadata as IonStructObject;
      revisions.push({
        version: metadata.version as number,
        sequenceNo: (revision.blockAddress as IonStructObject).sequenceNo as number,
        txTime: toIonJson(metadata.txTime ?? null),
        data: revision.data === undefined ? null : toIonJson(revision.data),
      });
    }
    return { table, documentId, revisions };
  }

  /** The values of a query (SELECT or EXPLAIN), at most maxQueryRows of them; other statements are refused. */
  async query(statement: string): Promise<JsonValue> {
    const kind = parsePartiql(statement).statement.kind;
    if (kind !== 'select' && kind !== 'explain') throw new ReadOnlyStatementError(kind, statement);
    const rows: JsonValue[] = [];
    for await (const row of this.ledger.queryIterator(statement)) {
      if (rows.length === this.options.maxQueryRows) return { rows, truncated: true };
      rows.push(toIonJson(row));
    }
    return { rows, truncated: false };
  }

  /** Block `sequenceNo` proven to the current digest, which carries the tip block's evidence (binding the tip address) and its signed note when the ledger signs. */
  private async provenWithDigest(sequenceNo: number): Promise<{ proven: ProvenBlockLike; digest: DigestLike }> {
    const current = await this.currentDigest();
    const proven = await this.ledger.getBlock({ strandId: this.ledger.strandId, sequenceNo }, current.digestTipAddress);
    return { proven, digest: { ...current, tip: await this.ledger.getTipProof(current.digestTipAddress) } };
  }

  /** The current digest, signed (in one read) when the ledger has a signing key. */
  private async currentDigest(): Promise<DigestLike> {
    try {
      return await this.ledger.getSignedDigest();
    } catch (error) {
      if (error instanceof InvalidArgumentError) return this.ledger.getDigest();
      throw error;
    }
  }
}

function blockSummary(block: Block): BlockSummary {
  const documents = block.transactionInfo?.documents ?? {};
  return {
    sequenceNo: block.blockAddress.sequenceNo,
    transactionId: block.transactionId,
    blockTimestamp: toIonJson(block.blockTimestamp),
    blockHash: encodeBase64(block.blockHash),
    revisions: block.revisions?.length ?? 0,
    events: block.events?.length ?? 0,
    statements: (block.transactionInfo?.statements ?? []).map((s) => s.statement),
    documents: Object.entries(documents).map(([id, info]) => ({ id, table: info.tableName })),
  };
}
