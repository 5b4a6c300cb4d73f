/** Reading Block Kit the way a person (or a test clicking through it) reads a message. */

export type Block = Record<string, unknown> & { type: string; block_id?: string };
export type Element = Record<string, unknown> & { type: string; action_id?: string };

export interface InteractiveElement {
  blockId: string | undefined;
  element: Element;
}

const asBlocks = (blocks: unknown): Block[] => (Array.isArray(blocks) ? (blocks as Block[]) : []);

/** Every interactive element: the elements of `actions` blocks and section accessories. */
export function interactiveElements(blocks: unknown): InteractiveElement[] {
  const found: InteractiveElement[] = [];
  for (const block of asBlocks(blocks)) {
    if (block.type === 'actions' && Array.isArray(block.elements)) {
      for (const element of block.elements as Element[]) found.push({ blockId: block.block_id, element });
    }
    const accessory = block.accessory as Element | undefined;
    if (accessory?.action_id) found.push({ blockId: block.block_id, element: accessory });
  }
  return found;
}

export function actionIds(blocks: unknown): string[] {
  return interactiveElements(blocks)
    .map((e) => e.element.action_id)
    .filter((id): id is string => typeof id === 'string');
}

/** The element with exactly this action id, or undefined. */
export function findAction(blocks: unknown, actionId: string): InteractiveElement | undefined {
  return interactiveElements(blocks).find((e) => e.element.action_id === actionId);
}

/** The question a message asks (`ps:<verb>:<question>…` on its inputs), or null for other messages. */
export function questionIdOf(blocks: unknown): string | null {
  for (const id of actionIds(blocks)) {
    const match =
      /^ps:(choose|multi|submit|yes|no|text|tick|untick|passed|failed|skip|skip-reason):([^:]+)/.exec(id);
    if (match) return match[2] as string;
  }
  return null;
}

/** The plain and mrkdwn texts of a message's blocks, one per line (what a reader sees, markup included). */
export function blockTexts(blocks: unknown): string[] {
  const texts: string[] = [];
  const push = (t: unknown) => {
    if (t && typeof t === 'object' && typeof (t as { text?: unknown }).text === 'string')
      texts.push((t as { text: string }).text);
  };
  for (const block of asBlocks(blocks)) {
    push(block.text);
    if (block.type === 'context' && Array.isArray(block.elements)) for (const e of block.elements) push(e);
    if (Array.isArray(block.fields)) for (const f of block.fields) push(f);
    if (block.type === 'input') push(block.label);
  }
  return texts;
}

export function allText(blocks: unknown): string {
  return blockTexts(blocks).join('\n');
}

/** Undo Slack's three mrkdwn escapes, to compare with a rendered locale text. */
export function unescapeMrkdwn(text: string): string {
  return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

/** The text of the last context block (where the bot puts the progress bar). */
export function lastContextText(blocks: unknown): string | null {
  const contexts = asBlocks(blocks).filter((b) => b.type === 'context');
  const last = contexts.at(-1);
  const element = Array.isArray(last?.elements) ? (last.elements[0] as { text?: string }) : undefined;
  return element?.text ?? null;
}
