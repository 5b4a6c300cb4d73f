import { cutAt } from '../../core/clean-text';
import type { Locale, Message } from '../../core/context';
import { render, text } from '../../core/i18n';
import type { Reply } from '../../core/reply';
import type { AskResult } from '../../questions/AskAssistant';
import type { AnswerView } from '../../questions/answer-view';
import { renderVoice, say, type VoiceOutput } from './render-voice';
import { fitCard, fitSpeech } from './speech';

/**
 * The answer to a team's own question as Alexa gives it: the short text said (the team's own case first, then the
 * step it belongs to and where the source is), the long one on a card with the source's address; or, without an
 * answer, why not, what comes closest and where to read on. Then back to the onboarding question the team is on.
 */
export interface VoiceAnswer {
  /** The sentences said, before the way back to the onboarding. */
  spoken: string[];
  card: { title: string; content: string } | null;
  /** False for an empty question ("frage" alone): the user is asked what they want to know, not sent back. */
  goesBack: boolean;
}

/** How much of the question the card's title repeats. */
const MAX_TITLE_QUESTION = 120;

/** A card is plain text: the knowledge base marks codes with backticks for Slack and the terminal. */
const plain = (written: string): string => written.replace(/`/g, '');

const written = (locale: Locale, message: Message): string => plain(render(locale, message));

export function voiceAnswer(locale: Locale, result: AskResult, view: AnswerView, asked: string): VoiceAnswer {
  if (view.kind === 'answer') {
    return {
      spoken: [
        ...(view.context ? [say(locale, view.context)] : []),
        say(locale, view.short),
        say(locale, view.step),
        say(locale, view.source.line),
      ],
      card: {
        title: written(locale, view.title),
        content: [
          ...(view.context ? [written(locale, view.context)] : []),
          written(locale, view.long),
          written(locale, view.step),
          written(locale, view.source.line),
        ].join('\n\n'),
      },
      goesBack: true,
    };
  }
  if (result.outcome.kind === 'unknown' && result.outcome.reason === 'empty') {
    return { spoken: view.sorry.map((message) => say(locale, message)), card: null, goesBack: false };
  }
  const titles = view.closest.map((entry) => say(locale, entry.title));
  const closest =
    titles.length > 0
      ? [
          `${say(locale, { key: 'ask.closest' })} ${new Intl.ListFormat(locale, { style: 'long', type: 'disjunction' }).format(titles)}.`,
        ]
      : [];
  return {
    spoken: [...view.sorry.map((message) => say(locale, message)), ...closest, say(locale, view.docs.line)],
    card: {
      title: text(locale, 'voice:ask.cardQuestion', { question: cutAt(asked, MAX_TITLE_QUESTION) }),
      content: [
        view.sorry.map((message) => written(locale, message)).join(' '),
        ...(view.closest.length > 0
          ? [
              [
                written(locale, { key: 'ask.closest' }),
                ...view.closest.map((entry) => `• ${written(locale, entry.title)}`),
              ].join('\n'),
            ]
          : []),
        written(locale, view.docs.line),
      ].join('\n\n'),
    },
    goesBack: true,
  };
}

/**
 * The answer, then where the team was: the current question asked again (its reprompt too), a prompt to start for a
 * team that has not begun, what a finished team can say, or (`reply` null: the store cannot be read) that its place
 * cannot be looked up just now.
 */
export function renderAnswer(locale: Locale, answer: VoiceAnswer, reply: Reply | null): VoiceOutput {
  const card = answer.card ? fitCard(answer.card.title, answer.card.content) : null;
  if (reply?.question) {
    if (!answer.goesBack) {
      // "Was möchten Sie wissen?": the question the team is on comes only if the user says nothing.
      const { reprompt } = renderVoice(locale, reply, { mode: 'repeat' });
      return { speech: fitSpeech([{ text: answer.spoken }]).ssml, reprompt, card, endSession: false };
    }
    return renderVoice(locale, reply, {
      mode: 'repeat',
      before: answer.spoken,
      lead: [{ key: 'ask.back' }],
      ...(answer.card ? { card: answer.card } : {}),
    });
  }
  const next = reply === null ? 'voice:ask.lost' : reply.done ? 'voice:done.reprompt' : 'voice:ask.start';
  const reprompt =
    reply === null
      ? 'voice:error.reprompt'
      : reply.done
        ? 'voice:done.reprompt'
        : 'voice:reprompt.noQuestion';
  const blocks = [{ text: answer.spoken }, ...(answer.goesBack ? [{ text: [text(locale, next)] }] : [])];
  return {
    speech: fitSpeech(blocks).ssml,
    reprompt: fitSpeech([{ text: [text(locale, reprompt)] }]).ssml,
    card,
    endSession: false,
  };
}
