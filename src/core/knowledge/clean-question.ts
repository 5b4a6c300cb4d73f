import { cutAt, withoutControls } from '../clean-text';

/** The longest question the search reads; the rest of a longer text is dropped. @default 500 */
export const MAX_QUESTION_LENGTH = 500;

/** Slack's link syntax `<https://…|label>`: the label stays, the address goes. */
const SLACK_LINK = /<(?:https?|mailto):[^<>|]{0,2000}(?:\|([^<>]{0,500}))?>/giu;
/** Slack mentions and channel references: `<@U123>`, `<@U123|anna>`, `<!channel>`, `<!subteam^S1|@team>`, `<#C1|x>`. */
const SLACK_REFERENCE = /<[@#!][^<>]{0,500}>/gu;

/**
 * A question as the search reads it, from whatever a channel hands over: no control characters, no Slack mentions
 * or link syntax, Slack's escapes undone, white space collapsed, at most `MAX_QUESTION_LENGTH` characters. Anything
 * that is not a string is the empty question.
 */
export function cleanQuestion(text: unknown): string {
  if (typeof text !== 'string') return '';
  // Cut first, generously, so that the patterns below never run over a huge paste.
  const bounded = withoutControls(cutAt(text, MAX_QUESTION_LENGTH * 4));
  const cleaned = bounded
    .replace(SLACK_LINK, (_match, label: string | undefined) => ` ${label ?? ''} `)
    .replace(SLACK_REFERENCE, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
    .replace(/\s+/gu, ' ')
    .trim();
  return cutAt(cleaned, MAX_QUESTION_LENGTH);
}
