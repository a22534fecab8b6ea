// A throw-away PostgreSQL server for the tests and the benchmarks: a fresh cluster (initdb) in a
// temporary directory, started with pg_ctl on a free loopback port, stopped and removed by stop().
// initdb refuses to run as root, so under root the server runs as the `postgres` OS user. When no
// server binaries are found, Debian's `postgresql` package is installed with apt-get (root only).
// Plain JavaScript so that jest's global setup and the compiled benchmarks can both load it.
const { execFileSync } = require('node:child_process');
const { chmodSync, chownSync, copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } = require('node:fs');
const { createServer } = require('node:net');
const { tmpdir } = require('node:os');
const { delimiter, join } = require('node:path');

const SERVER_BINARIES = ['initdb', 'pg_ctl', 'postgres'];

/** The directory holding initdb, pg_ctl and postgres: PATH first, then Debian's versioned directories. */
function findBinaries() {
  const onPath = (process.env.PATH ?? '').split(delimiter).filter(Boolean);
  const debian = existsSync('/usr/lib/postgresql')
    ? readdirSync('/usr/lib/postgresql')
        .filter((version) => /^\d+$/.test(version))
        .sort((a, b) => Number(b) - Number(a))
        .map((version) => join('/usr/lib/postgresql', version, 'bin'))
    : [];
  return [...onPath, ...debian].find((directory) => SERVER_BINARIES.every((name) => existsSync(join(directory, name))));
}

function installDebianPackage() {
  if (process.getuid?.() !== 0) {
    throw new Error('PostgreSQL server binaries (initdb, pg_ctl, postgres) are missing: install PostgreSQL (Debian: apt-get install postgresql)');
  }
  process.stderr.write('PostgreSQL server binaries are missing: installing Debian\'s postgresql package with apt-get\n');
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  execFileSync('apt-get', ['update'], { stdio: ['ignore', 'ignore', 'inherit'], env });
  execFileSync('apt-get', ['install', '-y', '--no-install-recommends', 'postgresql'], { stdio: ['ignore', 'ignore', 'inherit'], env });
}

function serverBinaries() {
  let directory = findBinaries();
  if (directory === undefined) {
    installDebianPackage();
    directory = findBinaries();
  }
  if (directory === undefined) throw new Error('PostgreSQL server binaries were not found after installing the postgresql package');
  return directory;
}

/** The uid and gid the server runs as: the `postgres` OS user under root, else the current user. */
function serverUser() {
  if (process.getuid?.() !== 0) return {};
  const line = readFileSync('/etc/passwd', 'utf8')
    .split('\n')
    .find((entry) => entry.startsWith('postgres:'));
  if (line === undefined) throw new Error('running as root, but there is no `postgres` OS user to run the PostgreSQL server as');
  const [, , uid, gid] = line.split(':');
  return { uid: Number(uid), gid: Number(gid) };
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

function run(binary, args, user) {
  try {
    execFileSync(binary, args, { ...user, stdio: 'pipe', encoding: 'utf8' });
  } catch (error) {
    throw new Error(`${binary} ${args.join(' ')} failed: ${error.stderr || error.message}`);
  }
}

/** Clock ticks per second of /proc's CPU times. */
function clockTicks() {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
}

/**
 * CPU time the server's processes used so far, in µs, from /proc (Linux; undefined elsewhere): the
 * postmaster's own and that of the children it reaped, plus each live child's (backends, WAL
 * writer, checkpointer, …).
 */
function serverCpuMicros(data) {
  if (!existsSync('/proc/self/stat')) return undefined;
  const postmaster = Number(readFileSync(join(data, 'postmaster.pid'), 'utf8').split('\n')[0]);
  let ticks = 0;
  for (const entry of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    let stat;
    try {
      stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
    } catch {
      continue; // the process ended meanwhile
    }
    // after "pid (comm) ": state ppid … utime(11) stime(12) cutime(13) cstime(14)
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ').map(Number);
    if (Number(entry) === postmaster) ticks += fields[11] + fields[12] + fields[13] + fields[14];
    else if (fields[1] === postmaster) ticks += fields[11] + fields[12];
  }
  return (ticks * 1e6) / clockTicks();
}

/**
 * Makes the server accept TCP connections over TLS only, with `tls.certificate` and `tls.key`
 * (PEM files; the key copied with the permissions the server demands).
 */
function requireTls(directory, data, tls, user) {
  const certificate = join(directory, 'server.crt');
  const key = join(directory, 'server.key');
  copyFileSync(tls.certificate, certificate);
  copyFileSync(tls.key, key);
  chmodSync(key, 0o600);
  if (user.uid !== undefined) for (const file of [certificate, key]) chownSync(file, user.uid, user.gid);
  writeFileSync(join(data, 'pg_hba.conf'), 'local all all trust\nhostssl all all 127.0.0.1/32 trust\nhostnossl all all 127.0.0.1/32 reject\n');
  return ['-c ssl=on', `-c ssl_cert_file=${certificate}`, `-c ssl_key_file=${key}`];
}

/**
 * Starts a server and returns its connection URL (superuser `postgres`, trust authentication,
 * loopback only), stop(), and cpuMicros() (the CPU its processes used so far, for benchmarks). `durable: false` (for tests) turns fsync off: commits then survive a
 * killed client or backend, not a power loss. `tls: { certificate, key }` makes it refuse TCP
 * connections without TLS.
 */
async function startPostgresServer({ durable = true, tls } = {}) {
  const bin = serverBinaries();
  const user = serverUser();
  const directory = mkdtempSync(join(tmpdir(), 'nestjs-ledger-pg-'));
  if (user.uid !== undefined) chownSync(directory, user.uid, user.gid);
  const data = join(directory, 'data');
  const stop = () => {
    if (existsSync(join(data, 'postmaster.pid'))) run(join(bin, 'pg_ctl'), ['-D', data, '-m', 'immediate', '-w', 'stop'], user);
    rmSync(directory, { recursive: true, force: true });
  };
  try {
    run(join(bin, 'initdb'), ['-D', data, '-U', 'postgres', '--auth=trust', '--encoding=UTF8', '--no-locale', '--no-sync'], user);
    const port = await freePort();
    const settings = [`-p ${port}`, `-k ${directory}`, '-c listen_addresses=127.0.0.1', '-c max_connections=200', `-c fsync=${durable ? 'on' : 'off'}`];
    if (tls) settings.push(...requireTls(directory, data, tls, user));
    run(join(bin, 'pg_ctl'), ['-D', data, '-l', join(directory, 'server.log'), '-w', '-t', '60', '-o', settings.join(' '), 'start'], user);
    return { url: `postgres://postgres@127.0.0.1:${port}/postgres`, stop, cpuMicros: () => serverCpuMicros(data) };
  } catch (error) {
    const log = join(directory, 'server.log');
    const detail = existsSync(log) ? `\n${readFileSync(log, 'utf8').slice(-2000)}` : '';
    stop();
    throw new Error(`cannot start a throw-away PostgreSQL server: ${error.message}${detail}`);
  }
}

module.exports = { startPostgresServer, freePort, serverUser };
