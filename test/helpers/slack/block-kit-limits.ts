/**
 * Block Kit's limits, checked independently of the app's own `LIMITS` (sources: Slack's Block Kit reference and the
 * comments in @slack/types; the cumulative text limit from bolt-js #2509 / #2867). Returns every violation found, as
 * readable lines, so one failing assertion shows them all.
 */

export const BLOCK_KIT = {
  blocksPerMessage: 50,
  blocksPerView: 100,
  sectionText: 3000,
  contextElements: 10,
  headerText: 150,
  buttonText: 75,
  buttonValue: 2000,
  actionId: 255,
  blockId: 255,
  elementsPerActions: 25,
  checkboxOptions: 10,
  optionText: 75,
  optionValue: 150,
  inputLabel: 2000,
  plainTextInputMax: 3000,
  modalTitle: 24,
  privateMetadata: 3000,
  callbackId: 255,
  /** Slack answers `msg_blocks_too_long` near 13k characters of text in all blocks together (undocumented). */
  totalMessageText: 12_000,
  /** views.publish rejects payloads above 250 KB. */
  viewBytes: 250_000,
} as const;

export type Surface = 'message' | 'modal' | 'home';

type Json = Record<string, unknown>;

const str = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);
const textOf = (object: unknown): string | undefined => str((object as Json | undefined)?.text);

function checkElement(element: Json, where: string, out: string[]): void {
  const id = str(element.action_id);
  if (id !== undefined && id.length > BLOCK_KIT.actionId)
    out.push(`${where}: action_id has ${id.length} > ${BLOCK_KIT.actionId} characters`);
  if (element.type === 'button') {
    const label = textOf(element.text) ?? '';
    if (label.length === 0) out.push(`${where}: button without text`);
    if (label.length > BLOCK_KIT.buttonText)
      out.push(
        `${where}: button text "${label.slice(0, 30)}…" has ${label.length} > ${BLOCK_KIT.buttonText}`,
      );
    const value = str(element.value);
    if (value !== undefined && value.length > BLOCK_KIT.buttonValue)
      out.push(`${where}: button value has ${value.length} > ${BLOCK_KIT.buttonValue}`);
  }
  if (element.type === 'checkboxes' || element.type === 'radio_buttons') {
    const options = (element.options as Json[] | undefined) ?? [];
    if (options.length > BLOCK_KIT.checkboxOptions)
      out.push(`${where}: ${options.length} options > ${BLOCK_KIT.checkboxOptions}`);
    for (const option of options) {
      const label = textOf(option.text) ?? '';
      if (label.length > BLOCK_KIT.optionText)
        out.push(`${where}: option text has ${label.length} > ${BLOCK_KIT.optionText}`);
      const value = str(option.value) ?? '';
      if (value.length > BLOCK_KIT.optionValue)
        out.push(`${where}: option value has ${value.length} > ${BLOCK_KIT.optionValue}`);
    }
  }
  if (element.type === 'plain_text_input') {
    const max = typeof element.max_length === 'number' ? element.max_length : BLOCK_KIT.plainTextInputMax;
    if (max > BLOCK_KIT.plainTextInputMax)
      out.push(`${where}: max_length ${max} > ${BLOCK_KIT.plainTextInputMax}`);
    const initial = str(element.initial_value);
    if (initial !== undefined && initial.length > max)
      out.push(`${where}: initial_value has ${initial.length} > max_length ${max}`);
  }
}

/** Sum of every `text` string in the blocks (what Slack counts towards `msg_blocks_too_long`). */
export function totalText(value: unknown): number {
  if (Array.isArray(value)) return value.reduce((sum: number, v) => sum + totalText(v), 0);
  if (value && typeof value === 'object') {
    let sum = 0;
    for (const [key, v] of Object.entries(value))
      sum += key === 'text' && typeof v === 'string' ? v.length : totalText(v);
    return sum;
  }
  return 0;
}

/** Violations of one message's (or view's) blocks. */
export function blockViolations(blocks: unknown, surface: Surface, label: string = surface): string[] {
  const out: string[] = [];
  if (!Array.isArray(blocks)) return [`${label}: blocks missing`];
  const max = surface === 'message' ? BLOCK_KIT.blocksPerMessage : BLOCK_KIT.blocksPerView;
  if (blocks.length > max) out.push(`${label}: ${blocks.length} blocks > ${max}`);
  if (blocks.length === 0) out.push(`${label}: no blocks`);
  (blocks as Json[]).forEach((block, index) => {
    const where = `${label} block ${index} (${String(block.type)})`;
    const blockId = str(block.block_id);
    if (blockId !== undefined && blockId.length > BLOCK_KIT.blockId)
      out.push(`${where}: block_id has ${blockId.length} > ${BLOCK_KIT.blockId}`);
    switch (block.type) {
      case 'section': {
        const text = textOf(block.text);
        if (text !== undefined) {
          if (text.length > BLOCK_KIT.sectionText)
            out.push(`${where}: text has ${text.length} > ${BLOCK_KIT.sectionText} characters`);
          if (text.trim().length === 0) out.push(`${where}: empty text`);
        } else if (!Array.isArray(block.fields)) out.push(`${where}: neither text nor fields`);
        if (block.accessory) checkElement(block.accessory as Json, `${where} accessory`, out);
        break;
      }
      case 'context': {
        const elements = (block.elements as Json[] | undefined) ?? [];
        if (elements.length === 0 || elements.length > BLOCK_KIT.contextElements)
          out.push(`${where}: ${elements.length} elements (1–${BLOCK_KIT.contextElements})`);
        for (const element of elements) {
          const text = textOf(element) ?? '';
          if (text.length > BLOCK_KIT.sectionText)
            out.push(`${where}: element text has ${text.length} > 3000`);
          if (text.trim().length === 0 && element.type !== 'image') out.push(`${where}: empty element text`);
        }
        break;
      }
      case 'header': {
        const text = textOf(block.text) ?? '';
        if (text.length > BLOCK_KIT.headerText) out.push(`${where}: header has ${text.length} > 150`);
        break;
      }
      case 'actions': {
        const elements = (block.elements as Json[] | undefined) ?? [];
        if (elements.length === 0 || elements.length > BLOCK_KIT.elementsPerActions)
          out.push(`${where}: ${elements.length} elements (1–${BLOCK_KIT.elementsPerActions})`);
        for (const [i, element] of elements.entries()) checkElement(element, `${where} element ${i}`, out);
        break;
      }
      case 'input': {
        if (surface === 'message') out.push(`${where}: input blocks belong in modals`);
        const label = textOf(block.label) ?? '';
        if (label.length === 0 || label.length > BLOCK_KIT.inputLabel)
          out.push(`${where}: label has ${label.length} characters (1–${BLOCK_KIT.inputLabel})`);
        if (block.element) checkElement(block.element as Json, `${where} element`, out);
        break;
      }
      case 'divider':
        break;
      default:
        out.push(`${where}: unexpected block type`);
    }
  });
  if (surface === 'message' && totalText(blocks) > BLOCK_KIT.totalMessageText)
    out.push(
      `${label}: ${totalText(blocks)} characters of text in all blocks > ${BLOCK_KIT.totalMessageText}`,
    );
  return out;
}

/** Violations of a message as passed to chat.postMessage / chat.update / chat.postEphemeral. */
export function messageViolations(
  message: { text?: unknown; blocks?: unknown },
  label = 'message',
): string[] {
  const out = blockViolations(message.blocks, 'message', label);
  const text = str(message.text);
  if (!text || text.trim().length === 0) out.push(`${label}: no fallback text`);
  else if (text.length > 40_000) out.push(`${label}: fallback text has ${text.length} > 40000`);
  return out;
}

/** Violations of a modal or a Home tab view. */
export function viewViolations(view: unknown, label?: string): string[] {
  const v = (view ?? {}) as Json;
  const surface: Surface = v.type === 'home' ? 'home' : 'modal';
  const name = label ?? surface;
  const out = blockViolations(v.blocks, surface, name);
  if (surface === 'modal') {
    for (const field of ['title', 'submit', 'close'] as const) {
      const text = textOf(v[field]);
      if (field === 'title' && !text) out.push(`${name}: no title`);
      if (text !== undefined && text.length > BLOCK_KIT.modalTitle)
        out.push(`${name}: ${field} "${text}" has ${text.length} > ${BLOCK_KIT.modalTitle}`);
    }
  }
  const metadata = str(v.private_metadata);
  if (metadata !== undefined && metadata.length > BLOCK_KIT.privateMetadata)
    out.push(`${name}: private_metadata has ${metadata.length} > ${BLOCK_KIT.privateMetadata}`);
  const callback = str(v.callback_id);
  if (callback !== undefined && callback.length > BLOCK_KIT.callbackId)
    out.push(`${name}: callback_id too long`);
  const bytes = Buffer.byteLength(JSON.stringify(v));
  if (bytes > BLOCK_KIT.viewBytes) out.push(`${name}: ${bytes} bytes > ${BLOCK_KIT.viewBytes}`);
  return out;
}

/** Violations in every message and view among recorded Web API calls. */
export function callViolations(
  calls: { method: string; args: Record<string, unknown>; seq: number }[],
): string[] {
  const out: string[] = [];
  for (const call of calls) {
    const label = `${call.method} #${call.seq}`;
    if (call.method.startsWith('chat.')) out.push(...messageViolations(call.args, label));
    if (call.method.startsWith('views.')) out.push(...viewViolations(call.args.view, label));
  }
  return out;
}
