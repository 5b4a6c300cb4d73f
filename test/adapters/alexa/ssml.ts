/**
 * A strict well-formedness check for the SSML the skill sends: one `<speak>` root, tags from Alexa's SSML set,
 * properly nested, attributes quoted, and text with no raw `<`, `>` or `&` other than the five XML entities.
 * Returns the problems found (empty when the SSML is valid).
 */
const TAGS = new Set([
  'speak',
  'p',
  's',
  'break',
  'lang',
  'say-as',
  'sub',
  'emphasis',
  'prosody',
  'phoneme',
  'w',
]);

export function ssmlProblems(ssml: string): string[] {
  const problems: string[] = [];
  if (!ssml.startsWith('<speak>') || !ssml.endsWith('</speak>'))
    problems.push('not wrapped in <speak>…</speak>');
  const stack: string[] = [];
  const token = /<[^<>]*>|[^<]+|</g;
  let roots = 0;
  for (const [part] of ssml.matchAll(token)) {
    if (part === '<') {
      problems.push('a raw "<" in the text');
      continue;
    }
    if (!part.startsWith('<')) {
      if (part.includes('>')) problems.push(`a raw ">" in "${part.slice(0, 40)}"`);
      for (const amp of part.matchAll(/&[^;\s]*;?/g)) {
        if (!/^&(?:amp|lt|gt|quot|apos);$/.test(amp[0]))
          problems.push(`a bad entity or raw "&": "${amp[0]}"`);
      }
      if (stack.length === 0 && part.trim() !== '') problems.push('text outside <speak>');
      continue;
    }
    const tag = /^<(\/?)([a-z-]+)((?:\s+[a-z:-]+="[^"<>&]*")*)\s*(\/?)>$/.exec(part);
    if (!tag) {
      problems.push(`a malformed tag: ${part}`);
      continue;
    }
    const [, closing, name = '', , selfClosing] = tag;
    if (!TAGS.has(name)) problems.push(`an unknown tag <${name}>`);
    if (closing) {
      if (stack.pop() !== name) problems.push(`</${name}> closes nothing open`);
    } else if (!selfClosing) {
      if (stack.length === 0) roots += 1;
      stack.push(name);
    }
  }
  if (stack.length > 0) problems.push(`unclosed: ${stack.join(', ')}`);
  if (roots !== 1) problems.push(`${roots} root elements`);
  return problems;
}
