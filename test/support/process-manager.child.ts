// A process manager process for the process-manager crash test: catches up the 'welcome-bonus'
// manager (WalletOpened → CreditWallet 10) and freezes (blocks its thread, so nothing more
// happens) at a known point, after printing its name, until the test kills it with SIGKILL:
// `before-dispatch` once it has reacted to an event and before it dispatches the command,
// `after-commit` once the command has committed and before the checkpoint is saved.
//   node -r ./test/support/register-ts.js test/support/process-manager.child.ts <storage options as JSON> <point>
import { Ledger } from '../../libs/ledger/src/engine';
import { welcomeBonus } from '../process-manager.fixture';

function freeze(point: string): void {
  process.stdout.write(`${point}\n`);
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0);
}

async function main(): Promise<void> {
  const [storage, point] = process.argv.slice(2);
  const ledger = await Ledger.open({ name: 'test', storage: JSON.parse(storage) });
  const { manager, store } = welcomeBonus(ledger, () => point === 'before-dispatch' && freeze(point));
  if (point === 'after-commit') store.onCommitted(() => freeze(point));
  await manager.catchUp();
  process.stdout.write('caught-up\n');
  await ledger.close();
}

main().catch((error) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
