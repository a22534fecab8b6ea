// What the writer keeps in memory between commits: the strand, the tip (sequenceNo, hash, time),
// the ledger tree's frontier (enough to append and to compute the current digest) and the catalog.
// Reloaded from storage whenever another process moved the tip.
import { digestNodes, TreeFrontier } from '../crypto';
import { fromIon, type IonStructObject } from '../ion';
import { selectBlocks, selectTableDocuments, selectTreeNodes, type SqlQuery, type StrandRow } from '../storage';
import { Catalog, CATALOG_TABLE_ID, documentToDefinition } from './catalog';

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

  /** A copy whose frontier and catalog can change without touching this one. */
  fork(): LedgerState {
    const peaks = this.frontier.peaks.map((p) => p.hash);
    return new LedgerState(this.strandId, { ...this.tip }, TreeFrontier.fromPeaks(this.frontier.size, peaks), this.catalog.clone());
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
