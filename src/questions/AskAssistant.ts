import type { AnswerLookup } from '../../flows/types';
import { LOCALES, type Locale } from '../core/context';
import type { DialogEngine } from '../core/engine';
import { askKnowledge, cleanQuestion, entryAnswer, type KnowledgeOutcome } from '../core/knowledge';
import type { QuestionLog } from './QuestionLog';

/** Where a question was asked (the log says so). */
export type AskedVia = 'slack' | 'alexa' | 'terminal';

export interface AskedQuestion {
  team: string;
  text: string;
  via: AskedVia;
  /** Who asked (a Slack user id, an Alexa user's team link), for the experts. */
  user?: string;
  /** The language to answer in when the team has none yet (Slack's users.info, the Alexa locale). */
  locale?: Locale;
}

export interface AskResult {
  outcome: KnowledgeOutcome;
  /** The language the answer is given in: the team's, else the asker's, else the default. */
  locale: Locale;
  /** An unanswered question was recorded for the experts (false: the store failed; the log has the question). */
  recorded?: boolean;
}

export interface AskAssistantDeps {
  engine: DialogEngine;
  log: QuestionLog;
  logger: { warn(...msg: unknown[]): void };
  defaultLocale: Locale;
  /** @default () => new Date() */
  now?: () => Date;
}

/**
 * A team's own question, answered from the knowledge base: in the team's language, with the team's recorded answers
 * as context (a team that captures at shipment hears about its case first). Reads the team and writes nothing of it:
 * the onboarding question the team is on stays where it is. A question without an answer is recorded for the
 * experts (`QuestionLog`). The store being down does not stop an answer: the knowledge base is in the process.
 */
export class AskAssistant {
  private readonly now: () => Date;

  constructor(private readonly deps: AskAssistantDeps) {
    this.now = deps.now ?? (() => new Date());
  }

  async ask(question: AskedQuestion): Promise<AskResult> {
    const { locale, answers } = await this.team(question.team, question.locale);
    const outcome = this.search(question.text, [question.locale ?? locale, locale], answers);
    if (outcome.kind === 'answer' || outcome.reason === 'empty') return { outcome, locale };
    const text = cleanQuestion(question.text);
    try {
      await this.deps.log.record({
        team: question.team,
        via: question.via,
        locale,
        text,
        at: this.now().toISOString(),
        reason: outcome.reason,
        closest: outcome.closest,
        ...(question.user ? { user: question.user } : {}),
      });
      return { outcome, locale, recorded: true };
    } catch (error) {
      // Not lost: the log line carries the question for the experts.
      this.deps.logger.warn(
        `ask: an unanswered question of ${question.team} could not be recorded (${describe(error)}): ${JSON.stringify(text)}`,
      );
      return { outcome, locale, recorded: false };
    }
  }

  /**
   * The question in the asker's language's index first (people mix languages: an English team's German colleague),
   * then the team's, then the others'; an entry found is answered in the team's language (entries are the same in all).
   */
  private search(question: string, first: Locale[], answers?: AnswerLookup): KnowledgeOutcome {
    const order = [...new Set([...first, ...LOCALES])];
    let own: KnowledgeOutcome | null = null;
    for (const locale of order) {
      const found = askKnowledge(question, locale, answers);
      if (found.kind === 'answer' || found.reason === 'empty') return found;
      own ??= found;
    }
    return own as KnowledgeOutcome;
  }

  /** One entry's answer for the team (an entry offered instead of an answer, then chosen); null: no such entry. */
  async show(team: string, entryId: string, asker?: Locale): Promise<AskResult | null> {
    const { locale, answers } = await this.team(team, asker);
    const outcome = entryAnswer(entryId, answers);
    return outcome ? { outcome, locale } : null;
  }

  /** The team's language and recorded answers; a team that cannot be read is answered without them. */
  private async team(team: string, asker?: Locale): Promise<{ locale: Locale; answers?: AnswerLookup }> {
    try {
      const loaded = await this.deps.engine.load(team);
      if (loaded.version !== null && loaded.unreadable === undefined) {
        const { context } = loaded.record;
        return { locale: context.locale, answers: (id) => context.answers[id]?.value };
      }
    } catch (error) {
      this.deps.logger.warn(
        `ask: the team ${team} could not be read (${describe(error)}); answering without its answers`,
      );
    }
    return { locale: asker ?? this.deps.defaultLocale };
  }
}

function describe(error: unknown): string {
  const coded = error as { code?: unknown; message?: unknown };
  return typeof coded?.code === 'string' ? coded.code : error instanceof Error ? error.name : String(error);
}
