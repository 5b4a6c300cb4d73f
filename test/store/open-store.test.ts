import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { MemoryStore } from '../../src/store/MemoryStore';
import { DEFAULT_STORE_URL, openStore, SUPPORTED_STORE_URLS } from '../../src/store/open-store';
import { type KeyValueStore, StoreError } from '../../src/store/port';
import { SqliteStore } from '../../src/store/SqliteStore';

async function openError(url: string): Promise<StoreError> {
  try {
    await openStore(url);
  } catch (error) {
    expect(error).toBeInstanceOf(StoreError);
    return error as StoreError;
  }
  throw new Error(`expected openStore(${JSON.stringify(url)}) to reject`);
}

describe('openStore', () => {
  let dir: string;
  let cwd: string;
  const opened: KeyValueStore[] = [];

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'paysetup-open-store-'));
    cwd = process.cwd();
  });

  afterEach(async () => {
    for (const store of opened.splice(0)) await store.close();
    process.chdir(cwd);
    rmSync(dir, { recursive: true, force: true });
  });

  async function open(url: string): Promise<KeyValueStore> {
    const store = await openStore(url);
    opened.push(store);
    return store;
  }

  it('exports the default URL', () => {
    expect(DEFAULT_STORE_URL).toBe('sqlite:./data/paysetup.db');
    expect(SUPPORTED_STORE_URLS).toEqual(expect.arrayContaining(['memory:', 'sqlite:<path>']));
  });

  it('opens memory: as a MemoryStore', async () => {
    const store = await open('memory:');
    expect(store).toBeInstanceOf(MemoryStore);
    await store.put('k', 'v', null);
    await expect(store.get('k')).resolves.toEqual({ value: 'v', version: 1 });
  });

  it('accepts surrounding whitespace and an upper-case scheme', async () => {
    expect(await open('  MEMORY: \n')).toBeInstanceOf(MemoryStore);
  });

  it('opens sqlite:<absolute path>', async () => {
    const file = join(dir, 'abs', 'paysetup.db');
    const store = await open(`sqlite:${file}`);
    expect(store).toBeInstanceOf(SqliteStore);
    expect((store as SqliteStore).path).toBe(file);
    expect(store.description).toBe(`sqlite:${file}`);
  });

  it('gives an embedded store the lock wait it is asked for (an operator command waits longer than a request)', async () => {
    const file = join(dir, 'wait.db');
    const store = await openStore(`sqlite:${file}`, { lockWaitMs: 40 });
    opened.push(store);
    await store.put('k', 'v', null);
    const other = new Database(file);
    try {
      other.exec('BEGIN EXCLUSIVE');
      await expect(store.put('k', 'w', 1)).rejects.toMatchObject({
        code: 'STORE_LOCKED',
        message: expect.stringContaining('gave up after trying for 40 ms'),
      });
    } finally {
      other.exec('ROLLBACK');
      other.close();
    }
  });

  it('resolves a relative sqlite path against the current directory, including the default URL', async () => {
    process.chdir(dir);
    const realDir = process.cwd(); // the temp dir may sit behind a symlink (macOS /var → /private/var)
    expect(((await open('sqlite:rel/x.db')) as SqliteStore).path).toBe(join(realDir, 'rel', 'x.db'));
    expect(((await open(DEFAULT_STORE_URL)) as SqliteStore).path).toBe(join(realDir, 'data', 'paysetup.db'));
  });

  it.each([
    ['', 'unsupported scheme'],
    ['paysetup.db', 'unsupported scheme'],
    ['./data/paysetup.db', 'unsupported scheme'],
    ['postgres://localhost/db', 'unsupported scheme'],
    ['mongodb://localhost:27017', 'unsupported scheme'],
    ['sqlite:', 'needs a file path'],
    ['sqlite:///tmp/x.db', 'without "//"'],
    ['memory:foo', 'takes no arguments'],
  ])('rejects %j with STORE_BAD_URL (%s) listing the supported schemes', async (url, problem) => {
    const error = await openError(url);
    expect(error.code).toBe('STORE_BAD_URL');
    expect(error.message).toContain(problem);
    expect(error.message).toContain('memory:');
    expect(error.message).toContain('sqlite:<path>');
    expect(error.hint).toContain(DEFAULT_STORE_URL);
  });

  it('never echoes credentials from a rejected URL', async () => {
    const error = await openError('amqps://admin:s3cret@queue.example.com:5671/vhost');
    expect(error.message).not.toContain('s3cret');
    expect(error.message).not.toContain('admin');
    expect(error.message).toContain('amqps://***@queue.example.com:5671/vhost');
  });

  it('passes through the SQLite store errors for a path that cannot be opened', async () => {
    const error = await openError(`sqlite:${dir}`);
    expect(error.code).toBe('STORE_UNAVAILABLE');
  });
});
