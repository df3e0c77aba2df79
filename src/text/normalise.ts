/** The longest text scored in full; longer texts are cut here and flagged (1 MB of text scores in milliseconds). */
export const MAX_TEXT_CHARS = 20_000;

/** A text made ready for the models: markup and links gone, whitespace collapsed, cut to a limit. */
export interface PreparedText {
  /** The cleaned text, original case kept (VADER reads capitals as emphasis). */
  text: string;
  /** True when the input was longer than the limit and only its start was read. */
  truncated: boolean;
  /** Characters of the input before cleaning. */
  inputChars: number;
}

const SCRIPT_OR_STYLE = /<(script|style)\b[^>]*>[\s\S]*?<\/\1\s*>/gi;
const TAG = /<\/?[a-z][^>]*>|<!--[\s\S]*?-->/gi;
const URL = /\b(?:https?:\/\/|www\.)\S+/gi;
const EMAIL = /\b[\w.+-]+@[\w-]+\.[\w.-]+\b/g;
const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ', '#39': "'" };

/** Decodes the few HTML entities reviews carry (named ones above and numeric ones). */
function decodeEntities(s: string): string {
  return s.replace(/&(#x?[0-9a-f]+|[a-z]+|#39);/gi, (whole, name: string) => {
    const lower = name.toLowerCase();
    if (lower in ENTITIES) return ENTITIES[lower]!;
    if (lower.startsWith('#x')) return String.fromCodePoint(Number.parseInt(lower.slice(2), 16) || 32);
    if (lower.startsWith('#')) return String.fromCodePoint(Number.parseInt(lower.slice(1), 10) || 32);
    return whole;
  });
}

/**
 * Cleans a text for scoring: cuts it at `maxChars` (before any regular expression runs, so a
 * megabyte costs no more than the limit), strips HTML tags, scripts, links and e-mail addresses,
 * decodes entities and collapses whitespace. Case and emoji are kept.
 */
export function prepareText(input: string, maxChars = MAX_TEXT_CHARS): PreparedText {
  const inputChars = input.length;
  const truncated = inputChars > maxChars;
  let text = truncated ? input.slice(0, maxChars) : input;
  if (text.includes('<')) text = text.replace(SCRIPT_OR_STYLE, ' ').replace(TAG, ' ');
  if (text.includes('&')) text = decodeEntities(text);
  text = text.replace(URL, ' ').replace(EMAIL, ' ').replace(/\s+/g, ' ').trim();
  return { text, truncated, inputChars };
}
