/**
 * What user text may hold before it is recorded or spoken: no control characters (XML, and so SSML, does not allow
 * them; a terminal would act on them), no halves of a character, and a cut that never splits one.
 */

// C0 controls but tab and line feed, DEL, C1 controls, the two XML non-characters, and unpaired surrogates.
const UNWANTED =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is what this is for
  /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** The text without control characters and unpaired surrogates (a carriage return becomes nothing, a tab stays). */
export function withoutControls(text: string): string {
  return text.replace(UNWANTED, '');
}

/** At most `max` UTF-16 units, never ending on the first half of a surrogate pair (an emoji stays whole or goes). */
export function cutAt(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max);
  return /[\uD800-\uDBFF]$/.test(cut) ? cut.slice(0, -1) : cut;
}
