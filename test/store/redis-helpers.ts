import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient } from 'redis';

/**
 * Redis for the tests: the shared server (127.0.0.1:6379, or TEST_REDIS_URL), where every test run writes under a
 * prefix of its own and removes exactly the keys under it afterwards; and servers of a test's own (`RedisServer`),
 * on a free port, that a test may kill, freeze and restart.
 */

export const SHARED_REDIS = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/** A prefix no other test run uses: `paysetup-test-<pid>-<random>:` (no glob characters, so SCAN MATCH is exact). */
export function uniquePrefix(label = 'test'): string {
  return `paysetup-${label}-${process.pid}-${randomBytes(6).toString('hex')}:`;
}

/** The store URL for a server URL and a prefix. */
export function storeUrl(server: string, prefix: string): string {
  return `${server}${server.includes('?') ? '&' : '?'}prefix=${encodeURIComponent(prefix)}`;
}

/** Runs `work` with a plain client of its own (to look at what the store wrote), closed afterwards. */
export async function withRedis<T>(
  server: string,
  work: (send: (args: string[]) => Promise<unknown>) => Promise<T>,
): Promise<T> {
  const client = createClient({ url: server, RESP: 2, socket: { reconnectStrategy: false } });
  client.on('error', () => undefined);
  await client.connect();
  try {
    return await work((args) => client.sendCommand(args));
  } finally {
    client.destroy();
  }
}

const glob = (text: string) => text.replace(/[*?[\]\\]/g, '\\$&');

/** Every key that starts with `prefix` (SCAN with MATCH, in batches). */
export async function keysUnder(server: string, prefix: string): Promise<string[]> {
  return withRedis(server, async (send) => {
    const keys: string[] = [];
    let cursor = '0';
    do {
      const [next, batch] = (await send(['SCAN', cursor, 'MATCH', `${glob(prefix)}*`, 'COUNT', '1000'])) as [
        string,
        string[],
      ];
      keys.push(...batch);
      cursor = next;
    } while (cursor !== '0');
    return keys.sort();
  });
}

/** Deletes exactly the keys under `prefix`; returns how many there were. */
export async function removeKeysUnder(server: string, prefix: string): Promise<number> {
  const keys = await keysUnder(server, prefix);
  if (keys.length > 0) await withRedis(server, (send) => send(['DEL', ...keys]));
  return keys.length;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

export interface RedisServerOptions {
  /** Keep the data across a kill and restart (append-only file, fsync on every write): what a real store needs. */
  persist?: boolean;
  /** Require this password (`requirepass`). */
  password?: string;
}

/** A redis-server of the test's own on a free port of 127.0.0.1. */
export class RedisServer {
  private child: ChildProcess | null = null;
  private constructor(
    readonly port: number,
    private readonly dir: string,
    private readonly options: RedisServerOptions,
  ) {}

  static async start(options: RedisServerOptions = {}): Promise<RedisServer> {
    const dir = mkdtempSync(join(tmpdir(), 'paysetup-redis-'));
    for (let attempt = 1; ; attempt += 1) {
      const server = new RedisServer(await freePort(), dir, options);
      try {
        await server.start();
        return server;
      } catch (error) {
        if (attempt >= 3) {
          rmSync(dir, { recursive: true, force: true });
          throw error;
        }
      }
    }
  }

  /** `redis://127.0.0.1:<port>` (with the password when it has one). */
  get url(): string {
    const auth = this.options.password ? `:${encodeURIComponent(this.options.password)}@` : '';
    return `redis://${auth}127.0.0.1:${this.port}`;
  }

  get running(): boolean {
    return this.child !== null;
  }

  /** Starts (again, on the same port and data directory) and resolves once it accepts connections. */
  async start(): Promise<void> {
    if (this.child) return;
    const args = [
      '--port',
      String(this.port),
      '--bind',
      '127.0.0.1',
      '--dir',
      this.dir,
      '--save',
      '',
      '--appendonly',
      this.options.persist ? 'yes' : 'no',
      ...(this.options.persist ? ['--appendfsync', 'always'] : []),
      ...(this.options.password ? ['--requirepass', this.options.password] : []),
    ];
    const child = spawn('redis-server', args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        reject(new Error(`redis-server on port ${this.port} did not start:\n${output}`));
      }, 10_000);
      const onData = (chunk: Buffer) => {
        output += chunk.toString();
        if (output.includes('Ready to accept connections')) {
          clearTimeout(timer);
          resolve();
        }
      };
      child.stdout?.on('data', onData);
      child.stderr?.on('data', onData);
      child.once('error', (error) => {
        clearTimeout(timer);
        reject(error);
      });
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`redis-server on port ${this.port} exited with ${code}:\n${output}`));
      });
    });
    child.stdout?.removeAllListeners('data').resume();
    child.stderr?.removeAllListeners('data').resume();
    child.removeAllListeners('exit');
    this.child = child;
  }

  /** Kills the server (a crash: SIGKILL by default) and waits until it is gone. */
  async kill(signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    const child = this.child;
    if (!child) return;
    this.child = null;
    if (child.exitCode !== null || child.signalCode !== null) return;
    await new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      child.kill(signal);
    });
  }

  /** Freezes the server (SIGSTOP): connections stay open, nothing is answered. */
  freeze(): void {
    this.child?.kill('SIGSTOP');
  }

  thaw(): void {
    this.child?.kill('SIGCONT');
  }

  /** Stops the server for good and removes its data directory. */
  async stop(): Promise<void> {
    this.thaw();
    await this.kill();
    rmSync(this.dir, { recursive: true, force: true });
  }
}
