import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join, resolve } from 'node:path';

/**
 * Runs the `paysetup` command line as a child process, the way a user or an operator would, and reads expected
 * texts straight from the locale files so the end-to-end tests follow wording changes.
 */

export const ROOT = resolve(__dirname, '..', '..');
export const BIN = join(ROOT, 'bin', 'paysetup');
/**
 * The name the terminal chat records as the actor when neither `--name` nor git's user.name is given: `$USER`.
 * The child gets this `$USER` and a git configuration without a user name, so the name does not depend on the machine.
 */
export const USER = userInfo().username;
/** An empty git configuration for the child (no user.name), unless a test passes its own. */
const NO_GIT_CONFIG = join(tmpdir(), `paysetup-empty-gitconfig-${process.pid}`);

export type Locale = 'de' | 'en';

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  /** Lines typed on stdin, one per turn; stdin is closed afterwards (end of input). */
  input?: string[];
  /** Kills the child and fails after this long. */
  timeoutMs?: number;
  /** Extra environment for the child (e.g. a git configuration with a user name). */
  env?: NodeJS.ProcessEnv;
}

/** Runs `node bin/paysetup …args`, with stdin piped (not a TTY) and no store/locale settings from the environment. */
export function runCli(args: string[], options: RunOptions = {}): Promise<CliResult> {
  const timeoutMs = options.timeoutMs ?? 15_000;
  writeFileSync(NO_GIT_CONFIG, '');
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    USER,
    GIT_CONFIG_GLOBAL: NO_GIT_CONFIG,
    GIT_CONFIG_NOSYSTEM: '1',
    ...options.env,
  };
  delete env.STORE_URL;
  delete env.DEFAULT_LOCALE;
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd: ROOT,
      env,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8');
    child.stderr.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      stdout += chunk;
    });
    child.stderr.on('data', (chunk: string) => {
      stderr += chunk;
    });
    // The child may exit before reading all input (a start-up error): that is not the test's failure.
    child.stdin.on('error', () => {});
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(
        new Error(
          `paysetup ${args.join(' ')} did not finish within ${timeoutMs} ms\n--- stdout ---\n${stdout}\n--- stderr ---\n${stderr}`,
        ),
      );
    }, timeoutMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolvePromise({ code, signal, stdout, stderr });
    });
    const lines = options.input ?? [];
    child.stdin.end(lines.length > 0 ? `${lines.join('\n')}\n` : '');
  });
}

/** A fresh SQLite store under the OS temp directory. */
export interface TempStore {
  dir: string;
  file: string;
  /** `sqlite:<file>`, for `--store`. */
  url: string;
  remove(): void;
}

export function tempStore(prefix = 'paysetup-cli-'): TempStore {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const file = join(dir, 'paysetup.db');
  return { dir, file, url: `sqlite:${file}`, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** `paysetup chat` for a team on a store; exits at the end of the typed lines. */
export function chat(store: TempStore, team: string, locale: Locale, input: string[]): Promise<CliResult> {
  return runCli(['chat', '--team', team, '--locale', locale, '--store', store.url], { input });
}

// ---------------------------------------------------------------------------------------------------------------
// Texts from locales/<lang>/{common,flow}.json

type Json = string | number | boolean | null | Json[] | { [key: string]: Json };
const files = new Map<string, Json>();

function localeFile(locale: Locale, ns: 'common' | 'flow'): Json {
  const path = join(ROOT, 'locales', locale, `${ns}.json`);
  let data = files.get(path);
  if (data === undefined) {
    data = JSON.parse(readFileSync(path, 'utf8')) as Json;
    files.set(path, data);
  }
  return data;
}

function node(locale: Locale, key: string): Json | undefined {
  const [ns, path] = key.startsWith('flow:') ? (['flow', key.slice(5)] as const) : (['common', key] as const);
  let found: Json | undefined = localeFile(locale, ns);
  for (const part of path.split('.')) {
    found = found !== null && typeof found === 'object' && !Array.isArray(found) ? found[part] : undefined;
  }
  return found;
}

/**
 * The raw text of a key (`flow:` prefix for flow.json, else common.json); throws when it is missing. A plural key
 * (`done.withOpen`) is read in the form for `count` (`_one` for 1, else `_other`; both languages use these two).
 */
export function raw(locale: Locale, key: string, count?: number): string {
  const plural = count === undefined ? undefined : node(locale, `${key}_${count === 1 ? 'one' : 'other'}`);
  const found = typeof plural === 'string' ? plural : node(locale, key);
  if (typeof found !== 'string') throw new Error(`No text for ${locale}:${key} in the locale files`);
  return found;
}

/** A text with its `{{placeholders}}` filled in. Every placeholder must be given. */
export function t(locale: Locale, key: string, params: Record<string, string | number> = {}): string {
  const count = typeof params.count === 'number' ? params.count : undefined;
  return raw(locale, key, count).replace(/\{\{(\w+)\}\}/g, (_, name: string) => {
    if (!(name in params)) throw new Error(`t(${locale}, ${key}): missing parameter ${name}`);
    return String(params[name]);
  });
}

/** The words of a word list (a JSON array, or the older `a|b|c`). */
export function words(locale: Locale, key: string): string[] {
  const found = node(locale, key);
  if (Array.isArray(found)) return found.map(String);
  return raw(locale, key).split('|');
}

export const escapeRegex = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * A text as a regular expression: the given parameters are filled in literally, every other placeholder matches
 * anything on the line (numbers as `(\d+)` capture groups, in order).
 */
export function pattern(
  locale: Locale,
  key: string,
  params: Record<string, string | number> = {},
  flags = 'g',
): RegExp {
  const source = raw(locale, key)
    .split(/(\{\{\w+\}\})/)
    .map((part) => {
      const name = /^\{\{(\w+)\}\}$/.exec(part)?.[1];
      if (!name) return escapeRegex(part);
      if (name in params) return escapeRegex(String(params[name]));
      return ['position', 'count', 'number', 'total', 'max'].includes(name) ? '(\\d+)' : '(.+?)';
    })
    .join('');
  return new RegExp(source, flags);
}

/** A question's prompt. */
export const prompt = (locale: Locale, id: string) => raw(locale, `flow:questions.${id}.prompt`);
/** A choice's label, as a button or a numbered option shows it. */
export const choice = (locale: Locale, question: string, id: string) =>
  raw(locale, `flow:questions.${question}.choices.${id}`);
/**
 * A choice's label as it reads inside a sentence ("Noted: cart and checkout"): English lower-cases labels
 * mid-sentence except names (locales/en/common.json `labels`), German keeps them as they are.
 */
export function said(locale: Locale, question: string, id: string): string {
  const label = choice(locale, question, id);
  const keep = ['platform', 'backend', 'region'];
  return locale === 'en' && !keep.includes(question) ? label.charAt(0).toLowerCase() + label.slice(1) : label;
}

/** Choice labels joined as the language joins them in a sentence ("Web und App"). */
export function joined(locale: Locale, labels: string[]): string {
  return new Intl.ListFormat(locale, { style: 'long', type: 'conjunction' }).format(labels);
}

/**
 * The first line of a question as the terminal shows it: "Frage 2 von 7: <prompt>", or "Frage 2: <prompt>" (count
 * null) while the step's number of questions still depends on an answer to come.
 */
export function questionLine(locale: Locale, position: number, count: number | null, id: string): string {
  const counter =
    count === null
      ? t(locale, 'cli.questionCounterOpen', { position })
      : t(locale, 'cli.questionCounter', { position, count });
  return `${counter}: ${prompt(locale, id)}`;
}

// ---------------------------------------------------------------------------------------------------------------
// Reading the output

/** Asserts that the texts occur in this order (each after the end of the previous); returns the index after the last. */
export function expectInOrder(output: string, texts: string[], from = 0): number {
  let index = from;
  for (const text of texts) {
    const found = output.indexOf(text, index);
    if (found < 0) {
      throw new Error(
        `Expected, in order after offset ${index}:\n  ${JSON.stringify(text)}\n` +
          `after the earlier texts ${JSON.stringify(texts.slice(0, texts.indexOf(text)))}\n--- output ---\n${output}`,
      );
    }
    index = found + text.length;
  }
  return index;
}

/** How often a text occurs. */
export function count(output: string, text: string): number {
  return output.split(text).length - 1;
}

/**
 * The first question line printed after `marker` (skipping blank lines, bullet messages and the progress bar).
 * Lets a test check that a hint or notice is followed by the question it is about.
 */
export function questionAfter(output: string, marker: string, from = 0): string | undefined {
  const at = output.indexOf(marker, from);
  if (at < 0) throw new Error(`Not in the output: ${JSON.stringify(marker)}\n--- output ---\n${output}`);
  const rest = output.slice(at + marker.length).split('\n');
  return rest.slice(1).find((line) => line.trim() !== '' && !line.startsWith('[') && !line.startsWith('• '));
}

/** Lines that look like a stack trace. */
export const STACK_TRACE = /^\s+at .+[:(]\d+/m;

// ---------------------------------------------------------------------------------------------------------------
// The operator's views

export interface StatusJson {
  team: string;
  state: string;
  step: number | 'done' | null;
  stepId: string | null;
  completedSteps: number;
  done: boolean;
  openQuestions: number;
  openItems: number;
  items: {
    kind: string;
    questionId: string;
    itemId?: string;
    gapId?: string;
    reason?: string;
    number?: number;
  }[];
  locale: Locale;
  startedAt: string | null;
  lastActivityAt: string | null;
  doneAt: string | null;
  snoozedUntil: string | null;
}

export interface PlanJson {
  team: string;
  locale: Locale;
  generatedAt: string;
  completedSteps: number;
  totalSteps: number;
  done: boolean;
  summary: { id: string; label: string; value: string; ids?: unknown }[];
  openItems: {
    number?: number;
    step: string;
    kind: string;
    questionId: string;
    itemId?: string;
    gapId?: string;
    task: string;
    text: string;
    reason?: string;
    note?: string;
  }[];
  testPlan: {
    questionId: string;
    title: string;
    card?: string;
    code?: string;
    status: string;
    note?: string;
    reason?: string;
  }[];
  steps: {
    id: string;
    title: string;
    entries: {
      number?: number;
      id: string;
      question: string;
      status: string;
      answer?: string;
      value?: unknown;
      note?: string;
      items?: { id: string; label: string; done: boolean }[];
    }[];
  }[];
  advice: { step: string; id: string; text: string }[];
  declineExperience?: string;
  history: {
    at: string;
    by: string;
    channel: string;
    questionId: string;
    question: string;
    answer: string;
  }[];
}

function parseJson<T>(result: CliResult, what: string): T {
  if (result.code !== 0) {
    throw new Error(
      `${what} exited with ${result.code}\n--- stdout ---\n${result.stdout}\n--- stderr ---\n${result.stderr}`,
    );
  }
  return JSON.parse(result.stdout) as T;
}

export async function statusJson(store: TempStore, team: string): Promise<StatusJson> {
  return parseJson(await runCli(['status', '--team', team, '--json', '--store', store.url]), 'status --json');
}

export async function reportJson(store: TempStore, team: string): Promise<PlanJson> {
  return parseJson(
    await runCli(['report', '--team', team, '--format', 'json', '--store', store.url]),
    'report --format json',
  );
}

/** What is stored for a team, as the operator sees it: status and plan (without the time the plan was made). */
export async function snapshot(store: TempStore, team: string) {
  const [status, plan] = await Promise.all([statusJson(store, team), reportJson(store, team)]);
  const { generatedAt: _generatedAt, ...rest } = plan;
  return { status, plan: rest };
}

/** A plan entry by question id. */
export function entry(plan: Pick<PlanJson, 'steps'>, id: string) {
  const found = plan.steps.flatMap((step) => step.entries).find((e) => e.id === id);
  if (!found) throw new Error(`No plan entry for ${id}`);
  return found;
}

/** Answered entries of a plan, as id → answer. */
export function answers(plan: Pick<PlanJson, 'steps'>): Record<string, string | undefined> {
  return Object.fromEntries(
    plan.steps
      .flatMap((step) => step.entries)
      .filter((e) => e.status !== 'open')
      .map((e) => [e.id, e.answer ?? e.status]),
  );
}
