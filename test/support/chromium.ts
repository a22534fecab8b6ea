// Headless Chromium for the browser tests, from the system, never downloaded: Debian's `chromium`
// package at /usr/bin/chromium, installed with apt-get when it is missing and the tests run as root
// (as postgres-server.js installs PostgreSQL); otherwise a clear error. Each launch gets a new,
// empty profile directory, removed on close.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';

const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** The Chromium executable, installing Debian's package first when it is missing (root only). */
export function chromiumExecutable(): string {
  if (existsSync(CHROMIUM)) return CHROMIUM;
  if (process.getuid?.() !== 0) {
    throw new Error(`${CHROMIUM} is missing and the tests do not run as root to install it: install Debian's chromium package (apt-get install chromium)`);
  }
  process.stderr.write(`${CHROMIUM} is missing: installing Debian's chromium package with apt-get\n`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  try {
    execFileSync('apt-get', ['update'], { stdio: ['ignore', 'ignore', 'inherit'], env });
    execFileSync('apt-get', ['install', '-y', 'chromium'], { stdio: ['ignore', 'ignore', 'inherit'], env });
  } catch (error) {
    throw new Error(`installing Debian's chromium package failed: ${(error as Error).message}`);
  }
  if (!existsSync(CHROMIUM)) throw new Error(`apt-get installed the chromium package, but ${CHROMIUM} is still missing`);
  return CHROMIUM;
}

/** A headless Chromium with a fresh empty profile; close() also removes the profile. */
export async function launchChromium(): Promise<{ context: BrowserContext; close: () => Promise<void> }> {
  const profile = mkdtempSync(join(tmpdir(), 'chromium-profile-'));
  try {
    const context = await chromium.launchPersistentContext(profile, { executablePath: chromiumExecutable(), headless: true, args: ARGS });
    const close = async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    };
    return { context, close };
  } catch (error) {
    rmSync(profile, { recursive: true, force: true });
    throw error;
  }
}
