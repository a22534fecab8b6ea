// The session settings of every connection the ledger opens to PostgreSQL (the pool's, and those of
// its own for LISTEN and projection leases): the schema on the search path, the lock timeout, the
// longest a connection may sit idle inside a transaction, and synchronous_commit when asked for.
// They are sent with SET right after connecting, before the connection serves anything, never as
// the startup packet's `options`, which PgBouncer and serverless poolers refuse. A connection whose
// SET fails is closed and its connect fails.
import type { Client, ClientConfig } from 'pg';

/** What the session settings are made of. */
export interface SessionSettings {
  schema: string;
  /** lock_timeout and idle_in_transaction_session_timeout, in ms. */
  lockTimeoutMs: number;
  synchronousCommit?: string;
}

/** The one statement (several SETs, simple query protocol) that readies a session. */
export function sessionSetStatement(settings: SessionSettings): string {
  const statements = [
    `SET search_path TO "${settings.schema}"`,
    `SET lock_timeout = ${Math.trunc(settings.lockTimeoutMs)}`,
    `SET idle_in_transaction_session_timeout = ${Math.trunc(settings.lockTimeoutMs)}`,
  ];
  if (settings.synchronousCommit !== undefined) statements.push(`SET synchronous_commit = '${settings.synchronousCommit.replace(/'/g, "''")}'`);
  return statements.join('; ');
}

type ClientClass = new (config?: string | ClientConfig) => Client;
/** What SessionClient uses of pg's Client. */
type ConnectingClientClass = new (config?: string | ClientConfig) => {
  password?: unknown;
  connect(): Promise<unknown>;
  query(sql: string): Promise<unknown>;
  end(): Promise<void>;
  on(event: 'error', listener: (error: Error) => void): unknown;
  off(event: 'error', listener: (error: Error) => void): unknown;
};

/** The password of the storage's options: a string, or a function pg calls for each new connection. */
export type SessionPassword = string | (() => string | Promise<string>);
type ConnectCallback = (error: Error | null, client?: Client) => void;

/**
 * A subclass of pg's Client whose connect() also runs `setStatement`, when given, before it
 * resolves (with a promise or a callback, as pg's pool calls it), so no statement of the ledger's
 * runs before it. `password`, when given, wins over the URL's (pg lets a connection string
 * override the config).
 */
export function sessionClientClass(Base: ClientClass, setStatement: string | undefined, password: SessionPassword | undefined): ClientClass {
  class SessionClient extends (Base as unknown as ConnectingClientClass) {
    constructor(config?: string | ClientConfig) {
      super(config);
      if (password !== undefined) this.password = password;
    }

    override connect(callback?: ConnectCallback): Promise<void> {
      const ready = this.connectAndSet();
      if (callback === undefined) return ready;
      ready.then(() => callback(null, this as unknown as Client), (error: Error) => callback(error));
      return Promise.resolve();
    }

    /**
     * Connects and runs the SET. Until both are done, a connection lost (even in the same packet as
     * the server's "ready") fails them, rather than emitting an 'error' no one listens to yet.
     */
    private async connectAndSet(): Promise<void> {
      const failsTheConnect = (): void => undefined;
      this.on('error', failsTheConnect);
      try {
        await super.connect();
        if (setStatement !== undefined) await this.set(setStatement);
      } finally {
        this.off('error', failsTheConnect);
      }
    }

    /** Runs the SET on the connected session; closes the connection when it fails. */
    private async set(statement: string): Promise<void> {
      try {
        await this.query(statement);
      } catch (error) {
        await this.end().catch(() => undefined);
        throw error;
      }
    }
  }
  return SessionClient as unknown as ClientClass;
}
