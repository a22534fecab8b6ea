// Which process runs a projection, on PostgreSQL: a session-level advisory lock per projection,
// taken with pg_try_advisory_lock on a connection of the storage's own (application_name
// `nestjs-ledger-lease`). The server releases a session's locks the moment the session ends, so
// when the process holding a projection dies (SIGKILL included) or loses that connection, another
// process takes the projection over at its next attempt, without waiting for an expiry. The
// holder also writes itself into the projection's row as owner, since every checkpoint moves by
// compare-and-set on that owner: a process that lost its lock changes nothing.
import { createHash } from 'node:crypto';
import type { Client } from 'pg';
import { claimLease, insertCheckpointIfAbsent, releaseLease } from '../checkpoint-repository';
import type { ProjectionLease, SqlStorage } from '../sql-storage';

/** First key of projection locks (ASCII "LPRJ"); the second is taken from the schema and the projection's name. */
const PROJECTION_LOCK_NAMESPACE = 0x4c50524a;

/** The second key of `projection`'s lock in `schema`. */
function projectionKey(schema: string, projection: string): number {
  return createHash('sha256').update(`${schema}\u0000${projection}`).digest().readInt32BE(0);
}

export class AdvisoryProjectionLease implements ProjectionLease {
  private opening: Promise<Client> | undefined;
  private current: Client | undefined;
  /** The projections whose locks the current session holds. */
  private readonly held = new Set<string>();

  constructor(
    private readonly connection: () => Client,
    private readonly database: Pick<SqlStorage, 'write'>,
    private readonly schema: string,
    private readonly clock: () => number = Date.now,
  ) {}

  /**
   * Takes `projection`'s lock when free, or checks that this process's session still holds it;
   * then records `owner` in its row (with an expiry, for status only). False while another
   * process holds it, or when this one's session was lost and another took it meanwhile.
   */
  async acquire(projection: string, owner: string, ttlMs: number): Promise<boolean> {
    if (!(await this.holds(projection))) return false;
    await this.database.write(async (query) => {
      await insertCheckpointIfAbsent(query, projection);
      await claimLease(query, projection, owner, this.clock() + ttlMs);
    });
    return true;
  }

  /** Whether this process's session holds `projection`'s lock, taking it when free. */
  private async holds(projection: string): Promise<boolean> {
    if (this.held.has(projection)) {
      const client = await this.session();
      try {
        await client.query('SELECT 1');
        return true;
      } catch {
        this.lose(client); // the session is gone, and its locks with it
      }
    }
    const client = await this.session();
    const key = projectionKey(this.schema, projection);
    const { rows } = await client.query<{ taken: boolean }>('SELECT pg_try_advisory_lock($1, $2) AS taken', [PROJECTION_LOCK_NAMESPACE, key]);
    if (rows[0].taken) this.held.add(projection);
    return rows[0].taken;
  }

  /** Frees `projection`'s lock (and its row's owner) when this process holds it. */
  async release(projection: string, owner: string): Promise<void> {
    if (!this.held.delete(projection)) return;
    const client = await this.session();
    await client.query('SELECT pg_advisory_unlock($1, $2)', [PROJECTION_LOCK_NAMESPACE, projectionKey(this.schema, projection)]);
    await this.database.write((query) => releaseLease(query, projection, owner));
  }

  /** Closes the session, which frees every lock it holds. */
  async close(): Promise<void> {
    const opening = this.opening;
    this.lose(this.current);
    this.opening = undefined;
    await (await opening?.catch(() => undefined))?.end().catch(() => undefined);
  }

  /** The session holding the locks, opened when there is none (a lost one held nothing any more). */
  private session(): Promise<Client> {
    if (this.opening === undefined) {
      const opening = this.open();
      this.opening = opening;
      opening.catch(() => {
        if (this.opening === opening) this.opening = undefined;
      });
    }
    return this.opening;
  }

  private async open(): Promise<Client> {
    const client = this.connection();
    client.on('error', () => this.lose(client));
    client.on('end', () => this.lose(client));
    await client.connect();
    this.current = client;
    return client;
  }

  /** `client`'s session ended: its locks are gone. */
  private lose(client: Client | undefined): void {
    if (client === undefined || client !== this.current) return;
    this.current = undefined;
    this.opening = undefined;
    this.held.clear();
  }
}
