// Every command of the `ledger` program.
import type { Command } from 'commander';
import type { Act } from '../cli-program';
import { registerBlock } from './block.command';
import { registerConsistency } from './consistency.command';
import { registerDigest } from './digest.command';
import { registerEvent } from './event.command';
import { registerExport } from './export.command';
import { registerHistory } from './history.command';
import { registerImport } from './import.command';
import { registerMigrate } from './migrate.command';
import { registerQuery } from './query.command';
import { registerRevision } from './revision.command';
import { registerShell } from './shell.command';
import { registerTail } from './tail.command';
import { registerVerify } from './verify.command';
import { registerVerifierPage } from './verifier-page.command';
import { registerVerifyProof } from './verify-proof.command';

export function registerCommands(program: Command, act: Act): void {
  for (const register of [registerVerify, registerDigest, registerBlock, registerRevision, registerEvent, registerConsistency, registerVerifyProof, registerQuery, registerShell, registerHistory, registerTail, registerExport, registerImport, registerMigrate, registerVerifierPage]) register(program, act);
}
