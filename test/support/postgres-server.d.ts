// Types of postgres-server.js, for the TypeScript that loads it (the benchmarks).
export interface PostgresServer {
  /** postgres://postgres@127.0.0.1:<port>/postgres */
  url: string;
  /** Stops the server and removes its directory. */
  stop(): void;
  /** CPU time the server's processes used so far, in µs (Linux; undefined elsewhere). */
  cpuMicros(): number | undefined;
}

export function startPostgresServer(options?: { durable?: boolean; tls?: { certificate: string; key: string } }): Promise<PostgresServer>;
