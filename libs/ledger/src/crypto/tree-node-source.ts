// Where digests and proofs read stored tree nodes from (see tree-node-address.ts for addressing),
// plus a source over a given set of nodes, e.g. the few a storage layer fetched for one proof.
import type { TreeNode } from './tree-node-address';
import { MissingTreeNodeError } from './errors/missing-tree-node.error';

/** A synchronous read of stored nodes. */
export interface TreeNodeSource {
  /** The hash of node (level, index); throws MissingTreeNodeError when the source lacks it. */
  node(level: number, index: number): Uint8Array;
}

/** A source holding exactly `nodes`. */
export function treeNodeSourceOf(nodes: Iterable<TreeNode>): TreeNodeSource {
  const byAddress = new Map<string, Uint8Array>();
  for (const node of nodes) byAddress.set(`${node.level}:${node.index}`, node.hash);
  return {
    node(level: number, index: number): Uint8Array {
      const hash = byAddress.get(`${level}:${index}`);
      if (hash === undefined) throw new MissingTreeNodeError(level, index);
      return hash;
    },
  };
}
