import { createInterface } from 'node:readline';
import type { Actor, Locale } from '../core/context';
import type { DialogEngine } from '../core/engine';
import { DialogError } from '../core/errors';
import type { DialogInput } from '../core/events';
import { render, text } from '../core/i18n';
import { normalize, parseLine } from '../core/parse-input';
import type { Reply } from '../core/reply';
import { StoreError } from '../store/port';
import { renderQuestion, renderReply } from './render-terminal';
import { printPlan } from './report-command';

export interface ChatOptions {
  engine: DialogEngine;
  team: string;
  actor: Actor;
  locale: Locale;
  input: NodeJS.ReadableStream;
  output: NodeJS.WritableStream;
  /** Show a prompt and read interactively (a terminal); otherwise one line per turn until end of input. */
  interactive: boolean;
}

/**
 * The terminal chat: the same dialog as in Slack and on Alexa, typed. Resumes where the team left off,
 * and ends at "quit" or at the end of input (exit code 0), so it can be scripted.
 */
export async function runChat(options: ChatOptions): Promise<void> {
  const { engine, team, actor, output } = options;
  let last = null as Reply | null;
  let awaitingRestartConfirmation = false;
  const say = (line: string) => output.write(`${line}\n`);
  const locale = () => last?.locale ?? options.locale;

  const send = async (inputs: DialogInput[]): Promise<Reply | null> => {
    let reply: Reply | null = null;
    try {
      for (const input of inputs) {
        reply = await engine.handle(team, input, { actor, channel: 'terminal', locale: options.locale });
        if (inputs.length > 1 && reply.notice && input !== inputs.at(-1))
          say(render(reply.locale, reply.notice));
      }
    } catch (error) {
      if (!(error instanceof StoreError) && !(error instanceof DialogError)) throw error;
      say(text(locale(), 'cli.storeError', { code: error.code }));
      return null;
    }
    return reply;
  };

  const show = (reply: Reply | null) => {
    if (!reply) return;
    last = reply;
    const help = reply.notice?.key === 'notice.help' ? text(reply.locale, 'cli.help') : undefined;
    say(renderReply(reply, help ? { help } : {}));
    if (reply.notice?.key === 'notice.restart.confirm') say(text(reply.locale, 'cli.confirmRestart'));
  };

  show(await send([{ type: 'START' }]));

  const lines = createInterface({ input: options.input, terminal: false });
  const prompt = () => {
    if (options.interactive) output.write('> ');
  };
  prompt();
  for await (const line of lines) {
    if (awaitingRestartConfirmation) {
      awaitingRestartConfirmation = false;
      const yes = text(locale(), 'words.yes').split('|').includes(normalize(line));
      if (yes) show(await send([{ type: 'RESTART', confirmed: true }]));
      else {
        say(text(locale(), 'cli.restartKept'));
        if (last?.question) say(renderQuestion(locale(), last.question));
      }
      prompt();
      continue;
    }
    if (!last) {
      // The store failed when the chat opened: find out where the team stands before reading this line as an answer.
      const resumed = await send([{ type: 'START' }]);
      if (!resumed) {
        prompt();
        continue;
      }
      show(resumed);
    }
    const parsed = parseLine(line, locale(), last?.question ?? null);
    if (parsed.kind === 'error') {
      say(render(locale(), parsed.message));
      if (last?.question) say(renderQuestion(locale(), last.question));
    } else if (parsed.kind === 'command') {
      if (parsed.command === 'quit') break;
      if (parsed.command === 'report') await printPlan(engine, team, locale(), 'md', output);
      if (parsed.command === 'restart') {
        show(await send([{ type: 'RESTART', confirmed: false }]));
        awaitingRestartConfirmation = true;
      }
    } else {
      show(await send(parsed.inputs));
    }
    prompt();
  }
  lines.close();
  say(text(locale(), 'cli.bye'));
}
