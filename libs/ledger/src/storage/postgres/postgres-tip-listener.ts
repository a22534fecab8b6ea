// Hears of commits to a PostgreSQL ledger by any instance through LISTEN/NOTIFY. Every write
// transaction that appends blocks sends pg_notify(channel, its new tip) just before COMMIT (the server delivers it only if
// the transaction commits); while the tip is watched, a dedicated connection (application_name
// `nestjs-ledger-listen`) LISTENs on the channel. Any role that can connect may NOTIFY any
// channel, so a notification is only a hint that the tip may have moved: its payload is never
// believed, the tip is read from the table (one single-statement query), and the notifications
// that arrive before that read are answered by it. While it listens, polls with no notification
// cost no query. When that connection is lost, the tip is read from the database at each poll (the
// fallback) while the connection is reopened with a growing delay; once it listens again, one read
// catches up with what was committed while it did not.
import { createHash } from 'node:crypto';
import type { Client, Notification } from 'pg';
import type { SqlStatement } from '../sql-storage';

/** Opens a new connection to the ledger's database. */
export type ListenConnectionFactory = () => Client;

const FIRST_RETRY_MS = 100;
const LONGEST_RETRY_MS = 5_000;

/** The channel of a ledger's tip notifications: `ledger_tip_<schema>`, or a digest of the schema when that is too long for a name. */
export function tipChannelOf(schema: string): string {
  const channel = `ledger_tip_${schema}`;
  return channel.length <= 63 ? channel : `ledger_tip_${createHash('sha256').update(schema).digest('hex').slice(0, 32)}`;
}

export class PostgresTipListener {
  private client: Client | undefined;
  private listening = false;
  /** Set when the tip must be read from the database (never listened yet, listening again after a loss, or notified since the last read). */
  private mustRead = true;
  private retryMs = FIRST_RETRY_MS;
  private retry: NodeJS.Timeout | undefined;
  private running = false;

  constructor(
    private readonly connection: ListenConnectionFactory,
    private readonly channel: string,
    private readonly readTip: () => Promise<number | undefined>,
    private readonly heard: () => void,
  ) {}

  /** The statement a write transaction that appended blocks runs before COMMIT to tell every listener its new tip (for people watching; listeners ignore it). */
  notifyStatement(tipSequenceNo: number): SqlStatement {
    return { sql: 'SELECT pg_notify(?, ?)', parameters: [this.channel, String(tipSequenceNo)], name: 'ledger_notify_tip' };
  }

  /** Starts listening (once). */
  start(): void {
    if (this.running) return;
    this.running = true;
    this.retryMs = FIRST_RETRY_MS;
    void this.listen();
  }

  /** The tip read from the database, or undefined while listening and not notified since the last read (it surely did not move). */
  async poll(): Promise<number | undefined> {
    if (this.listening && !this.mustRead) return undefined;
    if (this.listening) this.mustRead = false;
    try {
      return await this.readTip();
    } catch (error) {
      this.mustRead = true;
      throw error;
    }
  }

  /** Stops listening and closes the connection. */
  async stop(): Promise<void> {
    this.running = false;
    clearTimeout(this.retry);
    this.retry = undefined;
    const client = this.client;
    this.lost();
    await client?.end().catch(() => undefined);
  }

  private async listen(): Promise<void> {
    const client = this.connection();
    this.client = client;
    client.on('notification', (message) => this.onNotification(message));
    client.on('error', () => this.onLoss(client));
    client.on('end', () => this.onLoss(client));
    try {
      await client.connect();
      await client.query(`LISTEN ${this.channel}`);
    } catch {
      this.onLoss(client);
      return;
    }
    if (this.client !== client) return;
    this.listening = true;
    this.mustRead = true;
    this.retryMs = FIRST_RETRY_MS;
    this.heard();
  }

  /** A hint, whoever sent it and whatever it says: the next poll reads the tip. */
  private onNotification(message: Notification): void {
    if (message.channel !== this.channel) return;
    this.mustRead = true;
    this.heard();
  }

  /** The connection failed or ended: poll the database until a new one listens. */
  private onLoss(client: Client): void {
    if (this.client !== client) return;
    this.lost();
    void client.end().catch(() => undefined);
    if (!this.running) return;
    this.retry = setTimeout(() => {
      this.retry = undefined;
      if (this.running) void this.listen();
    }, this.retryMs);
    this.retry.unref();
    this.retryMs = Math.min(this.retryMs * 2, LONGEST_RETRY_MS);
    this.heard();
  }

  private lost(): void {
    this.client = undefined;
    this.listening = false;
    this.mustRead = true;
  }
}
