/**
 * Speech as Alexa takes it: SSML with every rendered text escaped, long texts cut to their first sentences for the
 * ear (the full text goes to the card), and the platform's size limits.
 */

import { cutAt, withoutControls } from '../../core/clean-text';

/** Alexa refuses output speech (SSML included) above 8,000 characters. */
export const MAX_SPEECH_CHARS = 8000;
/** A card's title and content together. */
export const MAX_CARD_CHARS = 8000;
/** The whole response envelope. */
export const MAX_RESPONSE_BYTES = 24 * 1024;

const XML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
};

export function escapeSsml(text: string): string {
  // Characters XML does not allow at all (controls, halves of a character) are left out: they cannot be escaped.
  return withoutControls(text).replace(/[&<>"']/g, (char) => XML_ESCAPES[char] as string);
}

/** Abbreviations whose period does not end a sentence, besides single letters ("z. B."). */
const ABBREVIATIONS = /(?:^|\s)(?:\p{L}|bzw|ca|etc|ggf|inkl|usw|vgl|evtl|nr|e\.g|i\.e|vs)$/iu;

/**
 * The sentences of a text. A period after an ordinal ("31. Dezember") or after an abbreviation ("z. B.", "bzw.")
 * does not end a sentence.
 */
export function sentences(text: string): string[] {
  const out: string[] = [];
  let start = 0;
  for (const match of text.matchAll(/[.!?]+["“”')]*\s+(?=[\p{Lu}„"(\d])/gu)) {
    const end = (match.index ?? 0) + match[0].trimEnd().length;
    const before = text.slice(start, match.index);
    // "31. Dezember", "2. Schritt": a German ordinal; a year ("2022.") may well end a sentence.
    if (/(?:^|\s)\d{1,2}$/u.test(before) || ABBREVIATIONS.test(before)) continue;
    out.push(text.slice(start, end).trim());
    start = (match.index ?? 0) + match[0].length;
  }
  const rest = text.slice(start).trim();
  if (rest) out.push(rest);
  return out;
}

/**
 * The first sentences of `text` that fit into `maxChars`. The first sentence is always said whole if it fits into
 * `hardMax` (a sentence cut in the middle is harder to follow than a slightly longer one); beyond that it is cut at a
 * word and ends in "…". `shortened` tells whether anything was left out.
 */
export function shorten(
  text: string,
  maxChars: number,
  hardMax = Math.floor(maxChars * 1.5),
): { text: string; shortened: boolean } {
  const all = sentences(text);
  let result = '';
  for (const sentence of all) {
    const next = result ? `${result} ${sentence}` : sentence;
    if (next.length > maxChars && !(result === '' && next.length <= hardMax)) break;
    result = next;
  }
  if (!result) {
    const cut = cutAt(text, Math.max(1, maxChars - 1));
    const atWord = cut.lastIndexOf(' ') > maxChars / 2 ? cut.slice(0, cut.lastIndexOf(' ')) : cut;
    return { text: `${atWord.replace(/[\s,;:]+$/u, '')}…`, shortened: true };
  }
  return { text: result, shortened: result.length < text.trim().length };
}

/**
 * A choice or item label for the ear: without parentheses (nested ones too: "(in den USA: … (TIN/EIN))") and without
 * the part after " / ".
 */
export function briefLabel(label: string): string {
  let bare = label;
  for (
    let inner = bare.replace(/\s*\([^()]*\)/gu, '');
    inner !== bare;
    inner = bare.replace(/\s*\([^()]*\)/gu, '')
  ) {
    bare = inner;
  }
  const brief = bare.split(' / ')[0]?.trim();
  return brief || label;
}

/** A spoken form for the interaction model: lower case, letters, digits, apostrophes and single spaces only. */
export function spokenForm(text: string): string {
  return text
    .normalize('NFC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}']+/gu, ' ')
    .trim();
}

/** One block of speech: sentences spoken together; blocks are separated by a short pause. */
export type SpeechBlock = string[];

const PAUSE = '<break time="300ms"/>';

/** `<speak>` with the escaped blocks, a pause between blocks. Empty blocks are left out. */
export function toSsml(blocks: SpeechBlock[]): string {
  const body = blocks
    .map((block) =>
      block
        .filter((s) => s.trim() !== '')
        .map(escapeSsml)
        .join(' '),
    )
    .filter((b) => b !== '')
    .join(` ${PAUSE} `);
  return `<speak>${body}</speak>`;
}

/**
 * Builds speech within the limit: optional blocks (advice, introductions) are dropped from the end until the SSML
 * fits; if the required blocks alone are too long (a very long note read back), the longest text is cut until it
 * fits, so that the question itself is still asked.
 */
export function fitSpeech(
  blocks: { text: SpeechBlock; optional?: boolean }[],
  maxChars = MAX_SPEECH_CHARS,
): { ssml: string; dropped: boolean } {
  const kept = blocks.map((b) => ({ ...b, text: [...b.text] }));
  let dropped = false;
  let ssml = toSsml(kept.map((b) => b.text));
  while (ssml.length > maxChars) {
    let index = kept.length - 1;
    while (index >= 0 && !kept[index]?.optional) index -= 1;
    if (index < 0) break;
    kept.splice(index, 1);
    dropped = true;
    ssml = toSsml(kept.map((b) => b.text));
  }
  while (ssml.length > maxChars) {
    dropped = true;
    const texts = kept.flatMap((b) => b.text.map((_, i) => ({ block: b.text, i })));
    const longest = texts.reduce((a, b) =>
      escapeSsml(b.block[b.i] ?? '').length > escapeSsml(a.block[a.i] ?? '').length ? b : a,
    );
    const current = longest.block[longest.i] ?? '';
    const overflow = ssml.length - maxChars;
    // Escaping lengthens text (& becomes &amp;): cut by the escaped overflow, then some.
    const room = Math.max(1, current.length - overflow - 16);
    longest.block[longest.i] = current.length <= 1 ? '' : shorten(current, room, room).text;
    ssml = toSsml(kept.map((b) => b.text));
  }
  return { ssml, dropped };
}

/** UTF-8 bytes of a string. */
export const byteLength = (text: string): number => Buffer.byteLength(text, 'utf8');

/** A card's content cut so that title and content stay within the limit. */
export function fitCard(title: string, content: string): { title: string; content: string } {
  const room = MAX_CARD_CHARS - title.length;
  return { title, content: content.length <= room ? content : `${cutAt(content, room - 1)}…` };
}

/** A card cut to `maxBytes` of UTF-8 (title and content), or null when not even a short card fits. */
export function cardWithin(
  card: { title: string; content: string },
  maxBytes: number,
): { title: string; content: string } | null {
  if (maxBytes < 200) return null;
  let { content } = card;
  while (byteLength(card.title) + byteLength(content) > maxBytes) {
    const ratio = maxBytes / (byteLength(card.title) + byteLength(content));
    content = `${cutAt(content, Math.max(0, Math.floor(content.length * ratio) - 2))}…`;
  }
  return { title: card.title, content };
}
