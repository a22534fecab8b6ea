// A throw-away PgBouncer in front of a PostgreSQL server, for the tests: its configuration and auth
// file in a temporary directory, listening on a free loopback port, with two databases that reach
// the server's `postgres` database: `session` (pool_mode session) and `transaction` (pool_mode
// transaction). Clients log in as `ledger` with SCRAM and a password of the caller's choosing;
// PgBouncer reaches the server as `postgres`. When the binary is missing, Debian's `pgbouncer`
// package is installed with apt-get (root only); PgBouncer refuses to run as root, so under root it
// runs as the `postgres` OS user, like the server. stop() kills it and removes its directory.
const { execFileSync, spawn } = require('node:child_process');
const { chownSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } = require('node:fs');
const { connect } = require('node:net');
const { tmpdir } = require('node:os');
const { delimiter, join } = require('node:path');
const { freePort, serverUser } = require('./postgres-server');

/** The user and database names clients use. */
const CLIENT_USER = 'ledger';

function findBinary() {
  const directories = [...(process.env.PATH ?? '').split(delimiter).filter(Boolean), '/usr/sbin', '/usr/bin'];
  return directories.map((directory) => join(directory, 'pgbouncer')).find((path) => existsSync(path));
}

function installDebianPackage() {
  if (process.getuid?.() !== 0) throw new Error('pgbouncer is missing: install PgBouncer (Debian: apt-get install pgbouncer)');
  process.stderr.write("pgbouncer is missing: installing Debian's pgbouncer package with apt-get\n");
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  execFileSync('apt-get', ['update'], { stdio: ['ignore', 'ignore', 'inherit'], env });
  execFileSync('apt-get', ['install', '-y', '--no-install-recommends', 'pgbouncer'], { stdio: ['ignore', 'ignore', 'inherit'], env });
}

function pgbouncerBinary() {
  let binary = findBinary();
  if (binary === undefined) {
    installDebianPackage();
    binary = findBinary();
  }
  if (binary === undefined) throw new Error('pgbouncer was not found after installing the pgbouncer package');
  return binary;
}

function configuration({ directory, port, server }) {
  const target = `host=${server.hostname} port=${server.port} dbname=${server.pathname.slice(1) || 'postgres'} user=${decodeURIComponent(server.username) || 'postgres'}`;
  return [
    '[databases]',
    `session = ${target} pool_mode=session`,
    `transaction = ${target} pool_mode=transaction`,
    '[pgbouncer]',
    'listen_addr = 127.0.0.1',
    `listen_port = ${port}`,
    'unix_socket_dir =',
    'auth_type = scram-sha-256',
    `auth_file = ${join(directory, 'userlist.txt')}`,
    `logfile = ${join(directory, 'pgbouncer.log')}`,
    'max_client_conn = 200',
    'default_pool_size = 20',
    '',
  ].join('\n');
}

/** Resolves once something accepts TCP connections on the port, or rejects when `exited` settles first. */
async function accepting(port, exited) {
  for (;;) {
    const up = await new Promise((resolve) => {
      const socket = connect(port, '127.0.0.1');
      socket.once('connect', () => (socket.destroy(), resolve(true)));
      socket.once('error', () => resolve(false));
    });
    if (up) return;
    const ended = await Promise.race([exited, new Promise((resolve) => setTimeout(() => resolve(false), 50))]);
    if (ended !== false) throw new Error(`pgbouncer exited (${ended}) before accepting connections`);
  }
}

/**
 * Starts PgBouncer in front of the server at `serverUrl` (trust authentication, as the throw-away
 * server has), with `password` as the `ledger` user's; returns the URLs of its two databases,
 * its port, and stop().
 */
async function startPgBouncer({ serverUrl, password }) {
  const binary = pgbouncerBinary();
  const user = serverUser();
  const directory = mkdtempSync(join(tmpdir(), 'nestjs-ledger-pgbouncer-'));
  const port = await freePort();
  const config = join(directory, 'pgbouncer.ini');
  writeFileSync(join(directory, 'userlist.txt'), `"${CLIENT_USER}" "${password.replace(/"/g, '""')}"\n`, { mode: 0o600 });
  writeFileSync(config, configuration({ directory, port, server: new URL(serverUrl) }));
  if (user.uid !== undefined) for (const path of [directory, config, join(directory, 'userlist.txt')]) chownSync(path, user.uid, user.gid);
  const child = spawn(binary, [config], { ...user, stdio: 'ignore' });
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve(signal ?? code)));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      await exited;
    }
    rmSync(directory, { recursive: true, force: true });
  };
  try {
    await accepting(port, exited);
  } catch (error) {
    const log = join(directory, 'pgbouncer.log');
    const detail = existsSync(log) ? `\n${readFileSync(log, 'utf8').slice(-2000)}` : '';
    await stop();
    throw new Error(`cannot start a throw-away PgBouncer: ${error.message}${detail}`);
  }
  const url = (database) => `postgres://${CLIENT_USER}@127.0.0.1:${port}/${database}`;
  return { sessionUrl: url('session'), transactionUrl: url('transaction'), port, stop };
}

module.exports = { startPgBouncer };
