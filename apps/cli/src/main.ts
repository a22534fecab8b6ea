#!/usr/bin/env node
// The `ledger` command: runs the command line it was given and exits with its code (0 success,
// 1 a verification failed, 2 usage or I/O error).
import { runCli } from './cli-program';

runCli(process.argv).then((code) => {
  process.exitCode = code;
});
