import { type Logger, LogLevel } from '@slack/bolt';

const ORDER = [LogLevel.DEBUG, LogLevel.INFO, LogLevel.WARN, LogLevel.ERROR];

/**
 * A line-per-message logger on stderr, shaped as Bolt's Logger so every part logs alike.
 * Callers log codes and names, never secrets or request bodies.
 */
export function createLogger(name = 'paysetup', level: LogLevel = LogLevel.INFO): Logger {
  let current = level;
  let prefix = name;
  const write = (at: LogLevel, args: unknown[]) => {
    if (ORDER.indexOf(at) < ORDER.indexOf(current)) return;
    const text = args.map((a) => (a instanceof Error ? `${a.name}: ${a.message}` : String(a))).join(' ');
    process.stderr.write(`${new Date().toISOString()} ${at.toUpperCase()} ${prefix} ${text}\n`);
  };
  return {
    debug: (...args) => write(LogLevel.DEBUG, args),
    info: (...args) => write(LogLevel.INFO, args),
    warn: (...args) => write(LogLevel.WARN, args),
    error: (...args) => write(LogLevel.ERROR, args),
    setLevel: (l) => {
      current = l;
    },
    getLevel: () => current,
    setName: (n) => {
      prefix = n;
    },
  };
}
