// `npm start`: the sample bank on http://127.0.0.1:3000 (PORT; HOST to listen elsewhere: its
// default API keys are public, so it listens on localhost only by default), its ledger in ./.data/bank.ledger
// (DATA_DIR) or on PostgreSQL (DATABASE_URL). SIGTERM or SIGINT (Ctrl-C) stops taking requests,
// waits for commits in flight, closes the ledger and exits with 0.
import { Logger, type INestApplication } from '@nestjs/common';
import { createBankApp } from './bank-app';
import { bankConfigFromEnv } from './config';

const logger = new Logger('Bank');

async function main(): Promise<void> {
  const config = bankConfigFromEnv(process.env);
  const app = await createBankApp(config);
  for (const signal of ['SIGTERM', 'SIGINT'] as const) process.once(signal, () => void shutDown(app, signal));
  await app.listen(config.port, config.host ?? '127.0.0.1');
  const url = (await app.getUrl()).replace(/\/\/(\[::1?\]|127\.0\.0\.1|0\.0\.0\.0)/, '//localhost');
  const where = config.storage.type === 'sqlite' ? config.storage.database : 'PostgreSQL (DATABASE_URL)';
  logger.log(`listening on ${url} (API docs at ${url}/docs), ledger in ${where}`);
}

async function shutDown(app: INestApplication, signal: string): Promise<void> {
  logger.log(`${signal}: closing`);
  await app.close();
  logger.log('ledger closed');
  process.exit(0);
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
