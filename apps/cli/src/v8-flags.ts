// V8 settings of the `ledger` command, set before any of its code is optimized. A command is one
// pass over a journal in a fresh process, where most of the optimizing compiler's work happens
// while it runs: smaller inlining budgets cut that work (about a tenth of the CPU of a first
// verify() of 3,000 blocks) and left the rate of later passes unchanged (docs/performance.md, "The
// `ledger` command's start"). Both flags only steer optimization: results are the same.
import { setFlagsFromString } from 'node:v8';

setFlagsFromString('--max-inlined-bytecode-size=100');
setFlagsFromString('--max-inlined-bytecode-size-cumulative=200');
