import { type Logger, LogLevel } from '@slack/bolt';

export interface LogLine {
  level: LogLevel;
  text: string;
}

/** Bolt's Logger that keeps every line, for asserting what an operator would read. */
export class CaptureLogger implements Logger {
  readonly lines: LogLine[] = [];
  private level: LogLevel = LogLevel.DEBUG;
  /** Set to mirror lines on stderr while debugging a test. */
  echo = process.env.SLACK_TEST_LOG === '1';

  debug(...msg: unknown[]): void {
    this.write(LogLevel.DEBUG, msg);
  }
  info(...msg: unknown[]): void {
    this.write(LogLevel.INFO, msg);
  }
  warn(...msg: unknown[]): void {
    this.write(LogLevel.WARN, msg);
  }
  error(...msg: unknown[]): void {
    this.write(LogLevel.ERROR, msg);
  }
  setLevel(level: LogLevel): void {
    this.level = level;
  }
  getLevel(): LogLevel {
    return this.level;
  }
  setName(_name: string): void {}

  /** Lines at WARN or ERROR whose text matches. */
  problems(pattern?: RegExp): LogLine[] {
    return this.lines.filter(
      (line) =>
        (line.level === LogLevel.WARN || line.level === LogLevel.ERROR) &&
        (pattern === undefined || pattern.test(line.text)),
    );
  }

  matching(pattern: RegExp): LogLine[] {
    return this.lines.filter((line) => pattern.test(line.text));
  }

  private write(level: LogLevel, msg: unknown[]): void {
    const text = msg.map((m) => (m instanceof Error ? `${m.name}: ${m.message}` : String(m))).join(' ');
    this.lines.push({ level, text });
    if (this.echo) process.stderr.write(`[${level}] ${text}\n`);
  }
}
