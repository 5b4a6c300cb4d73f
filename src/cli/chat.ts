import { createInterface } from 'node:readline';
import type { Actor, Locale } from '../core/context';
import type { DialogEngine } from '../core/engine';
import { DialogError } from '../core/errors';
import type { DialogInput } from '../core/events';
import { text } from '../core/i18n';
import { parseConfirmation, parseLine } from '../core/parse-input';
import type { Reply } from '../core/reply';
import type { AskAssistant } from '../questions/AskAssistant';
import { answerView } from '../questions/answer-view';
import { StoreError } from '../store/port';
import { renderAnswer } from './render-answer';
import { renderProblem, renderQuestion, renderReply } from './render-terminal';
import { printPlan } from './report-command';

export interface ChatOptions {
  engine: DialogEngine;
  team: string;
  actor: Actor;
  /** The language for a new team; with `switchLocale`, also the one an existing team switches to. */
  locale: Locale;
  /** `--locale` was given: an existing team in another language switches to it (and is told so). */
  switchLocale?: boolean;
  /** How to come back to this very team, said at the goodbye (`npm run chat -- --team X`). */
  resumeCommand: string;
  input: NodeJS.ReadableStream;
  output: NodeJS.WritableStream;
  /** Show a prompt and read interactively (a terminal); otherwise one line per turn until end of input. */
  interactive: boolean;
  /** Answers the team's own questions (`frage …`, a line ending in "?"). */
  ask: AskAssistant;
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

  /** One line's events in one turn (one load, one save); a store failure is told and changes nothing. */
  const send = async (inputs: DialogInput[]): Promise<Reply | null> => {
    try {
      return await engine.handle(team, inputs, { actor, channel: 'terminal', locale: options.locale });
    } catch (error) {
      if (!(error instanceof StoreError) && !(error instanceof DialogError)) throw error;
      say(text(locale(), 'cli.storeError', { code: error.code }));
      return null;
    }
  };

  const show = (reply: Reply | null) => {
    if (!reply) return;
    last = reply;
    say(renderReply(reply));
    if (reply.outcome.kind === 'restartConfirm') say(text(reply.locale, 'cli.confirmRestart'));
  };

  /** Opens the chat: where the team stands, after switching its language when `--locale` asked for another one. */
  const open = async (): Promise<Reply | null> => {
    if (options.switchLocale) {
      const known = await engine.status(team).catch(() => null);
      if (known && known.locale !== options.locale) {
        const switched = await send([{ type: 'SET_LOCALE', locale: options.locale }]);
        if (!switched) return null;
        say(renderReply(switched).split('\n')[0] ?? '');
      }
    }
    return send([{ type: 'START' }]);
  };

  show(await open());

  const lines = createInterface({ input: options.input, terminal: false });
  const prompt = () => {
    if (options.interactive) output.write('> ');
  };
  prompt();
  for await (const line of lines) {
    if (!last) {
      // The store failed when the chat opened: find out where the team stands before reading this line as an answer.
      const resumed = await open();
      if (!resumed) {
        prompt();
        continue;
      }
      show(resumed);
    }
    if (awaitingRestartConfirmation) {
      awaitingRestartConfirmation = false;
      const confirmed = parseConfirmation(line, locale());
      if (confirmed === true) {
        show(await send([{ type: 'RESTART', confirmed: true }]));
        prompt();
        continue;
      }
      say(text(locale(), 'cli.restartKept'));
      if (confirmed === false) {
        if (last?.question) say(renderQuestion(locale(), last.question));
        prompt();
        continue;
      }
      // Neither yes nor no: the line is an answer or a command, taken as usual.
    }
    const parsed = parseLine(line, locale(), { question: last?.question ?? null, done: last?.done ?? false });
    if (parsed.kind === 'error') say(renderProblem(locale(), parsed.message, last?.question ?? null));
    else if (parsed.kind === 'ask') {
      // The team's own question: answered, then back to the question it was on (nothing of the dialog changes).
      const asked = await options.ask.ask({
        team,
        text: parsed.question,
        via: 'terminal',
        user: actor.id,
        locale: locale(),
      });
      for (const answerLine of renderAnswer(asked.locale, answerView(asked))) say(answerLine);
      if (last?.question) {
        say(text(asked.locale, 'ask.back'));
        say(renderQuestion(asked.locale, last.question));
      }
    } else if (parsed.kind === 'command') {
      if (parsed.command === 'quit') break;
      if (parsed.command === 'report') await printPlan(engine, team, locale(), 'md', output);
      if (parsed.command === 'restart') {
        show(await send([{ type: 'RESTART', confirmed: false }]));
        awaitingRestartConfirmation = last?.outcome.kind === 'restartConfirm';
      }
    } else show(await send(parsed.inputs));
    prompt();
  }
  lines.close();
  say(text(locale(), 'cli.bye', { command: options.resumeCommand }));
}
