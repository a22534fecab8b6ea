// How the ledger tree's stored nodes are addressed.
//
// The leaves are the block hashes of sequenceNo 0, 1, 2, … in order. Only the roots of perfect
// (complete) subtrees are stored. Node (level L, index i) is the root of the perfect subtree over
// leaves [i·2^L, (i+1)·2^L): level 0 holds the leaves themselves, and
// node(L+1, i) = dot(node(L, 2i), node(L, 2i+1)). A node comes into existence when its last leaf is
// appended and never changes afterwards, so node storage is insert-only; a tree of n leaves has
// floor(n / 2^L) nodes at level L, fewer than 2n in all.
//
// Every other node of the tree (the root of an incomplete subtree on the right edge, the digest
// itself) is not stored but computed from the perfect nodes that tile its leaf range: see tree-range.ts.

/** Where a stored node sits in the ledger tree. */
export interface TreeNodeAddress {
  /** 0 for leaves; a node at level L covers 2^L leaves. */
  readonly level: number;
  /** Position among the nodes of its level, from 0. */
  readonly index: number;
}

/** A stored node: its address and its hash. */
export interface TreeNode extends TreeNodeAddress {
  readonly hash: Uint8Array;
}
