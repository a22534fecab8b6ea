#!/usr/bin/env node
// The `ledger` command: runs the command line it was given and exits with its code (0 success,
// 1 a verification failed, 2 usage or I/O error). A reader that stops reading (`| head -1`) ends
// it quietly with 0: what was asked for was printed as far as anyone listened.
import './v8-flags';
import { runCli } from './cli-program';

process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code !== 'EPIPE') throw error;
  process.exit(0);
});

runCli(process.argv).then((code) => {
  process.exitCode = code;
});
