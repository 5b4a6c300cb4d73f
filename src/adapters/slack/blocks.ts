import type { types } from '@slack/bolt';
import type { Locale, Message } from '../../core/context';
import { render } from '../../core/i18n';
import { escapeMrkdwn } from './escape';
import { clip, LIMITS } from './limits';

type Button = types.Button;
type KnownBlock = types.KnownBlock;

/**
 * Block Kit building blocks every Slack message is made of, each text clipped to its limit, and the one rule for
 * long lists: a message that would pass Slack's text limit shortens its longest lines, never drops one.
 */

/** A message in Slack's wording (the `slack` namespace overrides common keys), escaped for mrkdwn. */
export const md = (locale: Locale, message: Message) => escapeMrkdwn(render(locale, message, 'slack'));
export const plain = (locale: Locale, message: Message) => render(locale, message, 'slack');

export function section(textMd: string): KnownBlock {
  return { type: 'section', text: { type: 'mrkdwn', text: clip(textMd, LIMITS.sectionText) } };
}

export function context(textMd: string): KnownBlock {
  return { type: 'context', elements: [{ type: 'mrkdwn', text: clip(textMd, LIMITS.sectionText) }] };
}

export function button(label: string, id: string, style?: 'primary' | 'danger'): Button {
  return {
    type: 'button',
    text: { type: 'plain_text', text: clip(label, LIMITS.buttonText), emoji: true },
    action_id: id,
    ...(style ? { style } : {}),
  };
}

/** Lines joined into as few texts of at most `max` characters as they fit in. */
export function chunks(lines: string[], max: number): string[] {
  const out: string[] = [];
  let current = '';
  for (const line of lines.map((l) => clipMrkdwn(l, max))) {
    if (current && current.length + line.length + 1 > max) {
      out.push(current);
      current = '';
    }
    current = current ? `${current}\n${line}` : line;
  }
  if (current) out.push(current);
  return out;
}

/** Every text in the blocks together: what Slack counts against a message's limit (`msg_blocks_too_long`). */
function textLength(value: unknown): number {
  if (Array.isArray(value)) return value.reduce((sum: number, v) => sum + textLength(v), 0);
  if (!value || typeof value !== 'object') return 0;
  return Object.entries(value).reduce(
    (sum, [key, v]) => sum + (key === 'text' && typeof v === 'string' ? v.length : textLength(v)),
    0,
  );
}

/** Clips mrkdwn without leaving half an escape (`&am…`) at the cut. */
function clipMrkdwn(textMd: string, max: number): string {
  const clipped = clip(textMd, max);
  return clipped === textMd ? textMd : clipped.replace(/&[a-z]*…$/, '…');
}

/**
 * Builds a message from lines that can be long (open items with their reasons, answers with their texts). When the
 * whole would pass Slack's text limit, the longest lines are shortened first, each to the same length, until it fits:
 * every line keeps its beginning (the task, the question), and none is dropped.
 */
export function withinTextLimit(lines: string[], build: (lines: string[]) => KnownBlock[]): KnownBlock[] {
  const blocks = build(lines);
  const total = textLength(blocks);
  if (total <= LIMITS.messageText) return blocks;
  const own = lines.reduce((sum, line) => sum + line.length, 0);
  const budget = Math.max(LIMITS.messageText - (total - own), 0);
  // The longest a line may stay: lines shorter than it keep what they have, the rest share what is left evenly.
  const lengths = lines.map((line) => line.length).sort((a, b) => a - b);
  let left = budget;
  let cap = 0;
  for (const [i, length] of lengths.entries()) {
    const share = Math.floor(left / (lengths.length - i));
    if (length > share) {
      cap = share;
      break;
    }
    left -= length;
  }
  return build(lines.map((line) => (line.length > cap ? clipMrkdwn(line, Math.max(cap, MIN_LINE)) : line)));
}

/** However many lines share the limit, each keeps at least this much: enough to name its task or question. */
const MIN_LINE = 120;

export function withButton(textMd: string, accessory: Button): KnownBlock {
  return { type: 'section', text: { type: 'mrkdwn', text: clip(textMd, LIMITS.sectionText) }, accessory };
}
