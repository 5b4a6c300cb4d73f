import { cutAt } from '../../core/clean-text';

/**
 * Block Kit limits (docs; @slack/types comments). Every message is built within them, and tests check every state of
 * the flow in both languages.
 */
export const LIMITS = {
  blocksPerMessage: 50,
  blocksPerView: 100,
  sectionText: 3000,
  /** Not documented: Slack answers msg_blocks_too_long near 13k characters of text in one message (bolt-js #2509). */
  messageText: 11_000,
  buttonText: 75,
  buttonValue: 2000,
  actionId: 255,
  elementsPerActions: 25,
  optionText: 75,
  modalTitle: 24,
  privateMetadata: 3000,
  plainInputLabel: 2000,
} as const;

/** Cuts text to `max` characters at a word boundary where possible, with an ellipsis. */
export function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = cutAt(text, max - 1);
  const space = cut.lastIndexOf(' ');
  return `${space > max * 0.6 ? cut.slice(0, space) : cut}…`;
}
