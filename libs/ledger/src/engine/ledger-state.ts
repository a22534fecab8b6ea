// What the writer keeps in memory between commits: the strand, the tip (sequenceNo, hash, time),
// the ledger tree's frontier (enough to append and to compute the current digest) and the catalog.
// When another process moved the tip, the writer catches up under the write lock: it appends the
// hashes of the blocks appended since to its frontier (and rereads the catalog only when it changed).
import { digestNodes, TreeFrontier } from '../crypto';
import { fromIon, type IonStructObject } from '../ion';
import {
  blob,
  selectBlocks,
  selectBlocksFrom,
  selectStrand,
  selectTableDocuments,
  selectTreeNodes,
  type AppendedBlockRow,
  type SqlQuery,
  type StrandRow,
} from '../storage';
import { Catalog, CATALOG_TABLE_ID, documentToDefinition } from './catalog';

/** The most blocks appended by others that a writer follows one by one; beyond, it loads its state anew. */
const MOST_BLOCKS_FOLLOWED = 1000;

export interface LedgerTip {
  sequenceNo: number;
  blockHash: Uint8Array;
  blockTime: Date;
}

export class LedgerState {
  constructor(
    readonly strandId: string,
    public tip: LedgerTip,
    readonly frontier: TreeFrontier,
    readonly catalog: Catalog,
  ) {}

  /** The state as storage holds it at `strand`'s tip. */
  static async load(query: SqlQuery, strand: StrandRow): Promise<LedgerState> {
    const tipSequenceNo = Number(strand.tipSequenceNo);
    const size = tipSequenceNo + 1;
    const addresses = digestNodes(size);
    const nodes = await selectTreeNodes(query, addresses);
    const peaks = addresses.map((a) => nodes.find((n) => n.level === a.level && n.index === a.index)?.hash);
    const [tipBlock] = await selectBlocks(query, tipSequenceNo, tipSequenceNo);
    const frontier = TreeFrontier.fromPeaks(size, peaks as Uint8Array[]);
    const tip = { sequenceNo: tipSequenceNo, blockHash: strand.tipBlockHash, blockTime: new Date(tipBlock?.blockTime ?? 0) };
    return new LedgerState(strand.strandId, tip, frontier, await loadCatalog(query));
  }

  /**
   * The state at storage's tip, or undefined when no block was appended since this one's tip. One
   * query (sent with the write lock on PostgreSQL) reads the blocks from this tip on; when they
   * chain to it, their hashes are appended to a copy of the frontier. When this tip is no longer
   * in storage as it was, or very many blocks were appended, the state is loaded anew.
   */
  async catchUp(query: SqlQuery): Promise<LedgerState | undefined> {
    const [ours, ...appended] = await selectBlocksFrom(query, this.tip.sequenceNo, MOST_BLOCKS_FOLLOWED + 1, CATALOG_TABLE_ID);
    const follows = ours?.sequenceNo === this.tip.sequenceNo && blob(ours.blockHash).equals(this.tip.blockHash);
    if (!follows || appended.length >= MOST_BLOCKS_FOLLOWED) return LedgerState.load(query, (await selectStrand(query)) as StrandRow);
    if (appended.length === 0) return undefined;
    return this.following(appended, Number(ours.catalogSequenceNo ?? -1) === this.catalog.newestSequenceNo() ? this.catalog : await loadCatalog(query));
  }

  /** This state followed by `appended`, with `catalog`. */
  private following(appended: readonly AppendedBlockRow[], catalog: Catalog): LedgerState {
    const frontier = this.frontier.copy();
    for (const row of appended) frontier.append(row.blockHash);
    const last = appended[appended.length - 1];
    const tip = { sequenceNo: Number(last.sequenceNo), blockHash: last.blockHash, blockTime: new Date(last.blockTime) };
    return new LedgerState(this.strandId, tip, frontier, catalog);
  }

  /** A copy whose frontier and catalog can change without touching this one. */
  fork(): LedgerState {
    return new LedgerState(this.strandId, { ...this.tip }, this.frontier.copy(), this.catalog.clone());
  }
}

async function loadCatalog(query: SqlQuery): Promise<Catalog> {
  const rows = await selectTableDocuments(query, CATALOG_TABLE_ID);
  return Catalog.of(
    rows
      .filter((row) => row.data)
      .map((row) => ({
        definition: documentToDefinition(fromIon(row.data as Uint8Array) as IonStructObject),
        version: Number(row.version),
        sequenceNo: Number(row.sequenceNo),
      })),
  );
}
