/**
 * Speech as Alexa takes it: SSML with every rendered text escaped, long texts cut to their first sentences for the
 * ear (the full text goes to the card), and the platform's size limits.
 */

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
  return text.replace(/[&<>"']/g, (char) => XML_ESCAPES[char] as string);
}

/**
 * The sentences of a text. A period after a digit ("31. Dezember") or after a one- or two-letter abbreviation
 * ("z. B.") does not end a sentence.
 */
export function sentences(text: string): string[] {
  const out: string[] = [];
  let start = 0;
  for (const match of text.matchAll(/[.!?]+["“”')]*\s+(?=[\p{Lu}„"(\d])/gu)) {
    const end = (match.index ?? 0) + match[0].trimEnd().length;
    const before = text.slice(start, match.index);
    if (/(?:\d|(?:^|\s)\p{L}{1,2})$/u.test(before)) continue;
    out.push(text.slice(start, end).trim());
    start = (match.index ?? 0) + match[0].length;
  }
  const rest = text.slice(start).trim();
  if (rest) out.push(rest);
  return out;
}

/**
 * The first sentences of `text` that fit into `maxChars` (at least one; a first sentence that is itself too long is
 * cut at a word and ends in "…"). `shortened` tells whether anything was left out.
 */
export function shorten(text: string, maxChars: number): { text: string; shortened: boolean } {
  const all = sentences(text);
  let result = '';
  for (const sentence of all) {
    const next = result ? `${result} ${sentence}` : sentence;
    if (next.length > maxChars) break;
    result = next;
  }
  if (!result) {
    const cut = text.slice(0, Math.max(1, maxChars - 1));
    const atWord = cut.lastIndexOf(' ') > maxChars / 2 ? cut.slice(0, cut.lastIndexOf(' ')) : cut;
    return { text: `${atWord.replace(/[\s,;:]+$/u, '')}…`, shortened: true };
  }
  return { text: result, shortened: result.length < text.trim().length };
}

/** A choice or item label for the ear: without parentheses and without the part after " / ". */
export function briefLabel(label: string): string {
  const brief = label
    .replace(/\s*\([^)]*\)/gu, '')
    .split(' / ')[0]
    ?.trim();
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
 * fits, and as a last resort the final text is cut at a sentence. Required blocks (what happened, the question) stay.
 */
export function fitSpeech(
  blocks: { text: SpeechBlock; optional?: boolean }[],
  maxChars = MAX_SPEECH_CHARS,
): { ssml: string; dropped: boolean } {
  const kept = [...blocks];
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
  if (ssml.length > maxChars) {
    // Only required blocks left and still too long (a very long note read back): cut the text, keep it valid.
    const flat = kept.flatMap((b) => b.text).join(' ');
    const room = maxChars - toSsml([]).length;
    let budget = room;
    let text = shorten(flat, budget).text;
    // Escaping lengthens the text (& becomes &amp;): shrink until the escaped text fits.
    while (escapeSsml(text).length > room) {
      budget = Math.floor(budget * 0.9);
      text = shorten(flat, budget).text;
    }
    ssml = toSsml([[text]]);
    dropped = true;
  }
  return { ssml, dropped };
}

/** A card's content cut so that title and content stay within the limit. */
export function fitCard(title: string, content: string): { title: string; content: string } {
  const room = MAX_CARD_CHARS - title.length;
  return { title, content: content.length <= room ? content : `${content.slice(0, room - 1)}…` };
}
