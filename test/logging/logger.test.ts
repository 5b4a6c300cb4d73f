import { createLogger, LogLevel, prettyLine } from '../../src/logging/logger';

/** The one logger (pino): JSON lines in production, short lines in a terminal, and never a secret in either. */

const BOT_TOKEN = 'xoxb-1234567890-0987654321-AbCdEfGhIjKlMnOpQrStUvWx';
const SIGNING_SECRET = '8f742231b10e8888abcd99yyyzzz85a5';

function capture(format: 'json' | 'pretty', level?: LogLevel) {
  const lines: string[] = [];
  const logger = createLogger('paysetup-test', {
    format,
    destination: { write: (line) => void lines.push(line) },
    ...(level ? { level } : {}),
  });
  return { logger, lines };
}

describe('JSON lines', () => {
  it('one object a line: level, time, name, message, and the fields of an object logged', () => {
    const { logger, lines } = capture('json');
    logger.info('slack: posted', 2, { channel: 'C0TEAM' });
    expect(lines).toHaveLength(1);
    const entry = JSON.parse(lines[0] as string);
    expect(entry).toMatchObject({
      level: 'info',
      name: 'paysetup-test',
      msg: 'slack: posted 2',
      channel: 'C0TEAM',
    });
    expect(new Date(entry.time).getTime()).not.toBeNaN();
  });

  it('an Error becomes `err` with its type and message', () => {
    const { logger, lines } = capture('json');
    logger.error(new TypeError('boom'));
    expect(JSON.parse(lines[0] as string)).toMatchObject({
      level: 'error',
      msg: 'TypeError: boom',
      err: { type: 'TypeError', message: 'boom' },
    });
  });

  it('keeps its level, and Bolt can change it and the name (setLevel, setName)', () => {
    const { logger, lines } = capture('json', LogLevel.WARN);
    logger.info('not shown');
    logger.debug('not shown');
    logger.warn('shown');
    logger.setLevel(LogLevel.DEBUG);
    logger.setName('bolt-app');
    logger.debug('now shown');
    expect(logger.getLevel()).toBe(LogLevel.DEBUG);
    expect(lines.map((l) => JSON.parse(l).msg)).toEqual(['shown', 'now shown']);
    expect(JSON.parse(lines[1] as string).name).toBe('bolt-app');
    // One name per line, never two keys of the same name.
    expect(lines[1]?.match(/"name"/g)).toHaveLength(1);
  });
});

describe('never a secret', () => {
  it.each(['json', 'pretty'] as const)(
    '%s: token and secret fields are redacted, at any of three levels',
    (format) => {
      const { logger, lines } = capture(format);
      logger.warn('settings', {
        botToken: BOT_TOKEN,
        signingSecret: SIGNING_SECRET,
        SLACK_BOT_TOKEN: BOT_TOKEN,
        SLACK_SIGNING_SECRET: SIGNING_SECRET,
        config: { token: BOT_TOKEN, signing_secret: SIGNING_SECRET },
        request: { headers: { authorization: `Bearer ${BOT_TOKEN}`, 'x-slack-signature': 'v0=abc' } },
      });
      const written = lines.join('');
      expect(written).toContain('settings');
      expect(written).toContain('[redacted]');
      expect(written).not.toContain(BOT_TOKEN);
      expect(written).not.toContain(SIGNING_SECRET);
      expect(written).not.toContain('v0=abc');
      expect(written).not.toMatch(/xoxb-\d/);
    },
  );

  it('a Slack token inside a message text or an error message is cut out', () => {
    const { logger, lines } = capture('json');
    logger.error(`auth failed for ${BOT_TOKEN}`);
    logger.error('failed', Object.assign(new Error('no'), { token: BOT_TOKEN }));
    logger.error(new Error(`invalid_auth: ${BOT_TOKEN}`));
    const written = lines.join('');
    expect(written).not.toContain(BOT_TOKEN);
    expect(written).toContain('xoxb-[redacted]');
  });
});

describe('in a terminal', () => {
  it('one short line: time, level, name, message, fields', () => {
    const { logger, lines } = capture('pretty');
    logger.warn('slack: refused a request', { status: 401 });
    expect(lines[0]).toMatch(
      /^\d\d:\d\d:\d\d\.\d{3} WARN {2}paysetup-test slack: refused a request status=401\n$/,
    );
  });

  it('chooses JSON when told production, on Lambda, or off a terminal', () => {
    const json = (env: NodeJS.ProcessEnv) => {
      const lines: string[] = [];
      createLogger('x', { env, destination: { write: (l) => void lines.push(l) } }).info('hi');
      return lines[0]?.startsWith('{') ?? false;
    };
    expect(json({ NODE_ENV: 'production', LOG_FORMAT: undefined })).toBe(true);
    expect(json({ AWS_LAMBDA_FUNCTION_NAME: 'paysetup-dev-slack' })).toBe(true);
    // Jest's stderr is not a terminal.
    expect(json({})).toBe(true);
    expect(json({ LOG_FORMAT: 'pretty' })).toBe(false);
  });

  it('leaves a line that is not JSON alone', () => {
    expect(prettyLine('plain\n')).toBe('plain\n');
  });
});
