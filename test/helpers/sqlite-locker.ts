import { type ChildProcess, spawn } from 'node:child_process';

/**
 * Another process holding `BEGIN EXCLUSIVE` on an SQLite file (an operator's `sqlite3` shell, a backup job): started,
 * it resolves once the lock is taken; `release()` rolls back and waits for the process to exit.
 */
export interface SqliteLocker {
  release(): Promise<void>;
}

const SCRIPT = `
const Database = require('better-sqlite3');
const db = new Database(process.argv[1]);
db.exec('BEGIN EXCLUSIVE');
db.prepare("UPDATE kv SET updated_at = updated_at WHERE key = 'none'").run();
process.stdout.write('locked\\n');
process.stdin.on('data', () => { db.exec('ROLLBACK'); db.close(); process.exit(0); });
`;

export function lockSqlite(file: string): Promise<SqliteLocker> {
  const child: ChildProcess = spawn(process.execPath, ['-e', SCRIPT, file], {
    cwd: process.cwd(),
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`the locking process exited early (${code})`)));
    child.stdout?.once('data', () => {
      child.removeAllListeners('exit');
      resolve({
        release: () =>
          new Promise<void>((done) => {
            child.once('exit', () => done());
            child.stdin?.write('release\n');
          }),
      });
    });
  });
}
