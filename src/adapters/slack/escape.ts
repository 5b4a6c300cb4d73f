/**
 * Slack reads `<…>` in a message as a link or a mention (`<!channel>`, `<@U…>`, `<!subteam^…>`) and notifies from the
 * `text` fallback as much as from the blocks: user text must reach Slack with `&`, `<` and `>` escaped, everywhere.
 */

/** Escapes the three characters Slack's mrkdwn treats as control characters. */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Like `escapeMrkdwn`, but leaves Slack's three entities as they are, so text escaped before is not escaped twice. */
export function escapeOnce(text: string): string {
  return text
    .replace(/&(?!amp;|lt;|gt;)/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;');
}

/** The one piece of Slack syntax the bot writes itself: a link to a channel by its id (App Home). */
const CHANNEL_LINK = /(<#[A-Z0-9]{1,64}>)/;

const NONE: ReadonlySet<string> = new Set();

/** A user mention as the bot writes it itself: `<@U…>`. Kept only where the caller names it (`keep`). */
const USER_MENTION = /(<@[UW][A-Z0-9]{1,64}>)/;

/**
 * Escapes a text the bot sends as mrkdwn, keeping the bot's own channel links, and the user mentions in `keep`: the
 * ones the bot wrote itself (a nudge's owner), never one that came in with user text.
 */
export function safeMrkdwn(text: string, keep: ReadonlySet<string> = NONE): string {
  return text
    .split(CHANNEL_LINK)
    .map((part, i) =>
      i % 2 === 1
        ? part
        : part
            .split(USER_MENTION)
            .map((piece, j) => (j % 2 === 1 && keep.has(piece) ? piece : escapeOnce(piece)))
            .join(''),
    )
    .join('');
}

type Json = unknown;

function walk(value: Json, keep: ReadonlySet<string>): Json {
  if (Array.isArray(value)) return value.map((each) => walk(each, keep));
  if (value && typeof value === 'object') {
    const object = value as Record<string, Json>;
    const out: Record<string, Json> = {};
    for (const [key, v] of Object.entries(object))
      out[key] =
        key === 'text' && typeof v === 'string' && object.type === 'mrkdwn'
          ? safeMrkdwn(v, keep)
          : walk(v, keep);
    return out;
  }
  return value;
}

/**
 * The arguments of a Web API call as they go out: the message's `text` fallback and every mrkdwn text in its blocks
 * (or its view's) escaped once more. The renderers escape user text already; this is the last line, for whatever
 * a renderer missed, so no user text can notify a channel. `keep`: user mentions the bot wrote itself (a nudge's owner).
 */
export function escapeOutgoing<T extends object>(args: T, keep: ReadonlySet<string> = NONE): T {
  const given = args as Record<string, unknown>;
  const out: Record<string, unknown> = { ...given };
  if (typeof given.text === 'string') out.text = safeMrkdwn(given.text, keep);
  if (given.blocks !== undefined) out.blocks = walk(given.blocks, keep);
  if (given.view !== undefined) out.view = walk(given.view, keep);
  return out as T;
}
