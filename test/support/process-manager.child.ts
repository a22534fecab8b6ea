// A process manager process for the process-manager crash test: runs the 'welcome-bonus' manager
// (WalletOpened → CreditWallet 10), either as a runner catching up (`runner`) or as the decorated
// class in a Nest application that starts it at bootstrap (`nest`), and freezes (blocks its
// thread, so nothing more happens) at a known point, after printing its name, until the test kills
// it with SIGKILL: `before-dispatch` once it has reacted to an event and before it dispatches the
// command, `after-commit` once the command has committed and before the checkpoint is saved. With
// `instance` (nest only) it runs as one of several instances of the application: prints `ready`
// once bootstrapped, and closes the application (stopping the manager) at a line on stdin.
//   node -r ./test/support/register-ts.js test/support/process-manager.child.ts <storage options as JSON> <point> <runner|nest>
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { Test } from '@nestjs/testing';
import { Ledger } from '../../libs/ledger/src/engine';
import { EventStore } from '../../libs/ledger/src/event-sourcing';
import { WelcomeBonus, welcomeBonusModule } from '../../libs/ledger/src/nest/wallet.fixture';
import { welcomeBonus } from '../process-manager.fixture';

function freeze(point: string): void {
  process.stdout.write(`${point}\n`);
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0);
}

/** Nest's messages go to stderr: stdout carries only the point reached. */
const quiet = { log: () => undefined, warn: (message: string) => console.error(message), error: (message: string) => console.error(message) };

async function runNest(storage: string, point: string): Promise<void> {
  WelcomeBonus.reacting = () => point === 'before-dispatch' && freeze(point);
  const moduleRef = await Test.createTestingModule({ imports: [welcomeBonusModule(JSON.parse(storage))] }).setLogger(quiet).compile();
  if (point === 'after-commit') moduleRef.get(EventStore).onCommitted(() => freeze(point));
  const app = await moduleRef.init();
  if (point !== 'instance') return;
  process.stdout.write('ready\n');
  const stdin = createInterface({ input: process.stdin });
  await once(stdin, 'line');
  stdin.close();
  await app.close();
  process.stdout.write('stopped\n');
}

async function runRunner(storage: string, point: string): Promise<void> {
  const ledger = await Ledger.open({ name: 'test', storage: JSON.parse(storage) });
  const { manager, store } = welcomeBonus(ledger, () => point === 'before-dispatch' && freeze(point));
  if (point === 'after-commit') store.onCommitted(() => freeze(point));
  await manager.catchUp();
  process.stdout.write('caught-up\n');
  await ledger.close();
}

async function main(): Promise<void> {
  const [storage, point, form] = process.argv.slice(2);
  await (form === 'nest' ? runNest(storage, point) : runRunner(storage, point));
}

main().catch((error) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
