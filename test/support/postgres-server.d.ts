// Types of postgres-server.js, for the TypeScript that loads it (the benchmarks).
export interface PostgresServer {
  /** postgres://postgres@127.0.0.1:<port>/postgres */
  url: string;
  /** Stops the server and removes its directory. */
  stop(): void;
}

export function startPostgresServer(options?: { durable?: boolean; tls?: { certificate: string; key: string } }): Promise<PostgresServer>;
