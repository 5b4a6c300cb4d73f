import fc from 'fast-check';

/**
 * Mutations of real Slack request bodies, for property-based fuzzing: paths into a payload, edits at those paths
 * (delete, set, add an own key such as `__proto__`), the hostile values to set, and the encodings Slack uses
 * (form fields, `payload=` JSON, JSON). Long strings are kept as a recipe (`Huge`) so that a counterexample prints
 * in one line and is built only when sent.
 */

export type Path = readonly (string | number)[];

/** A long string, as its length and the unit it repeats. */
export class Huge {
  constructor(
    readonly length: number,
    readonly unit: string,
  ) {}

  build(): string {
    return this.unit.repeat(Math.ceil(this.length / this.unit.length)).slice(0, this.length);
  }

  [fc.toStringMethod](): string {
    return `huge(${this.length}, ${JSON.stringify(this.unit)})`;
  }
}

export type Mutation =
  | { op: 'delete'; path: Path }
  | { op: 'set'; path: Path; value: unknown }
  /** Adds (or replaces) an own property of the object at `path`, even `__proto__`. */
  | { op: 'add'; path: Path; key: string; value: unknown };

type Container = Record<string, unknown> | unknown[];

const isContainer = (value: unknown): value is Container => typeof value === 'object' && value !== null;

/** Sets an own, enumerable property (so `__proto__` is a key that JSON.stringify writes, not the prototype). */
function defineOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

function child(parent: unknown, key: string | number): unknown {
  if (Array.isArray(parent)) return typeof key === 'number' ? parent[key] : undefined;
  if (isContainer(parent) && Object.hasOwn(parent, key)) return (parent as Record<string, unknown>)[key];
  return undefined;
}

export function getAt(root: unknown, path: Path): unknown {
  let node = root;
  for (const key of path) node = child(node, key);
  return node;
}

/** Every path to a node of `value` (root excluded), depth first, at most `maxDepth` deep. */
export function listPaths(value: unknown, maxDepth = 8, prefix: Path = []): Path[] {
  if (!isContainer(value) || prefix.length >= maxDepth) return [];
  const out: Path[] = [];
  const entries: [string | number, unknown][] = Array.isArray(value)
    ? value.map((v, i) => [i, v])
    : Object.entries(value);
  for (const [key, v] of entries) {
    const path = [...prefix, key];
    out.push(path);
    out.push(...listPaths(v, maxDepth, path));
  }
  return out;
}

/** Replaces every `Huge` recipe with its string. */
export function materialize(value: unknown): unknown {
  if (value instanceof Huge) return value.build();
  if (Array.isArray(value)) return value.map(materialize);
  if (isContainer(value)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) defineOwn(out, k, materialize(v));
    return out;
  }
  return value;
}

/** Applies one mutation in place; a path that no longer leads anywhere (an earlier edit replaced it) is a no-op. */
export function applyMutation(root: Record<string, unknown>, mutation: Mutation): void {
  if (mutation.op === 'add') {
    const target = mutation.path.length === 0 ? root : getAt(root, mutation.path);
    if (isContainer(target) && !Array.isArray(target))
      defineOwn(target, mutation.key, materialize(mutation.value));
    return;
  }
  const parentPath = mutation.path.slice(0, -1);
  const key = mutation.path.at(-1);
  if (key === undefined) return;
  const parent = parentPath.length === 0 ? root : getAt(root, parentPath);
  if (!isContainer(parent)) return;
  if (Array.isArray(parent)) {
    if (typeof key !== 'number' || key >= parent.length) return;
    if (mutation.op === 'delete') parent.splice(key, 1);
    else parent[key] = materialize(mutation.value);
    return;
  }
  if (mutation.op === 'delete') delete parent[String(key)];
  else defineOwn(parent, String(key), materialize(mutation.value));
}

export function applyMutations(root: Record<string, unknown>, mutations: readonly Mutation[]): void {
  for (const mutation of mutations) applyMutation(root, mutation);
}

/**
 * Form fields as Slack would post them, from whatever a mutation left: an array is a repeated field, an object its
 * JSON, `null` an empty field, anything else its string.
 */
export function formBody(fields: Record<string, unknown>): string {
  const form = new URLSearchParams();
  for (const [key, value] of Object.entries(fields)) {
    const values = Array.isArray(value) ? value : [value];
    for (const each of values)
      form.append(
        key,
        each === null || each === undefined
          ? ''
          : typeof each === 'object'
            ? JSON.stringify(each)
            : String(each),
      );
  }
  return form.toString();
}

/** An interactive payload as Slack posts it: one `payload` field holding the JSON. */
export function payloadBody(payload: unknown): string {
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
}

// ---------------------------------------------------------------------------------------------------------------
// Values to set

/** Strings that must never come back as a live mention, a broken record or a crash. */
export const HOSTILE_STRINGS = [
  '<!channel>',
  '<!here>',
  '<!everyone>',
  '<@U0EVIL>',
  '<@U0ANNA|anna>',
  '<!subteam^S123|@team>',
  '<!subteam^S123>',
  '<#C0EVIL|general>',
  '<#C0EVIL>',
  '<!date^1392734382^{date}|Feb 18>',
  '&lt;!channel&gt;',
  '&amp;',
  '&amp;lt;!here&amp;gt;',
  '&',
  '<',
  '>',
  '<<!channel>>',
  '<\u200b!channel>',
  '<https://evil.example|click me>',
  ']]>',
  '<![CDATA[x]]>',
  '🎉👩‍💻🇩🇪',
  '\u0000\u0007\u001b[31m\r\n\t',
  '\u202eevil\u202c',
  '\ud800',
  '__proto__',
  'constructor',
  'toString',
  'hasOwnProperty',
  'Grüße aus Köln – Größe, Maß',
  '*fett* _kursiv_ ~weg~ `code`',
  '{{7*7}} #{7*7} <%= 7*7 %> {{constructor.constructor}}',
  "'; DROP TABLE teams; --",
  '%00%zz',
  '\\',
  '"',
  ' ',
  '',
  'ps:choose:processing:capture_at_order',
  'SANDBOX-AHEGSJCM3L6KNIPQ2UXDAUEK',
  'JTL-Wawi <!channel>',
  'Der Button bleibt grau <!here> und <@U0EVIL> weiß Bescheid',
] as const;

/** Ids as Slack writes them, others of the same shape, and ids no key may be built from. */
export const ID_LIKE = [
  'T1',
  'T2',
  'C0OTHER',
  'C0FZNEW2',
  'U0EVIL',
  'U0ANNA',
  'G0PRIVATE',
  'E0ENTERPRISE',
  '0',
  'C_X',
  'C-1',
  'C1:X',
  'T1:C0OTHER',
  'C 1',
  ' C1',
  'c0lower',
  'CÄÖÜ',
  'C\n1',
  '',
  '-',
  `C${'A'.repeat(63)}`,
  `C${'A'.repeat(64)}`,
  '__proto__',
  'constructor',
] as const;

/** Slack timestamps (`<seconds>.<micros>`), and things in their place. */
export const TS_LIKE = [
  '1700000001.000100',
  '1700000000.000000',
  '0.0',
  '-1.5',
  '1e9',
  '9'.repeat(300),
  '1700000001.000100 ',
  '1700000001:000100',
  'ts',
  '',
] as const;

export const hostileString: fc.Arbitrary<string> = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...HOSTILE_STRINGS) },
  {
    weight: 2,
    arbitrary: fc
      .array(fc.constantFrom(...HOSTILE_STRINGS), { minLength: 2, maxLength: 4 })
      .map((parts) => parts.join(' ')),
  },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 30 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 30 }) },
);

export const hugeString: fc.Arbitrary<Huge> = fc
  .record({
    length: fc.oneof(fc.integer({ min: 3000, max: 20_000 }), fc.integer({ min: 20_000, max: 200_000 })),
    unit: fc.constantFrom('x', '<!here> ', 'ä', '🎉', '<@U0EVIL> ', '&amp;'),
  })
  .map(({ length, unit }) => new Huge(length, unit));

export const idLike: fc.Arbitrary<string> = fc.constantFrom(...ID_LIKE);
export const tsLike: fc.Arbitrary<string> = fc.constantFrom(...TS_LIKE);

/** Any value a mutation may put in a field: wrong types, hostile and long strings, random JSON. */
export const anyValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: fc.constant(null) },
  { weight: 2, arbitrary: fc.boolean() },
  {
    weight: 2,
    arbitrary: fc.oneof(fc.integer(), fc.constantFrom(0, -1, 1.5, 1e308, -0, Number.MAX_SAFE_INTEGER + 2)),
  },
  { weight: 2, arbitrary: fc.constantFrom([], {}, [null], [{}], { id: null }, { id: '<!channel>' }) },
  { weight: 6, arbitrary: hostileString },
  { weight: 3, arbitrary: idLike },
  { weight: 1, arbitrary: tsLike },
  { weight: 1, arbitrary: hugeString },
  { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
);
