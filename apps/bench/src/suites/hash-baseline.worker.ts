// A worker thread of the bulk suite's hashing baseline: reads the ledger's blocks once, then hashes
// every block `rounds` times for each message and answers when done.
import { parentPort, workerData } from 'node:worker_threads';
import { hashBlock, readAllBlocks } from './block-hashing';

void readAllBlocks(workerData as string).then((blocks) => {
  parentPort?.postMessage('ready');
  parentPort?.on('message', (rounds: number) => {
    for (let round = 0; round < rounds; round++) for (const block of blocks) hashBlock(block);
    parentPort?.postMessage('done');
  });
});
