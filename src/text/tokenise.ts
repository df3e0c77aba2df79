/** Options of the tokeniser behind the TF-IDF features. */
export interface TokeniseOptions {
  /** Mark the words after a negation ("not", "never", "n't") up to the next punctuation with a `NOT_` prefix. */
  negation?: boolean;
}

/**
 * A word (letters, digits, inner apostrophes), an emoji (with its modifiers and joiners), or
 * one of the punctuation marks that carry sentiment (! ?).
 */
const TOKEN = /[\p{L}\p{N}]+(?:['’][\p{L}]+)*|\p{Extended_Pictographic}(?:\p{Emoji_Modifier}|\uFE0F|\u200D\p{Extended_Pictographic})*|[!?]/gu;
const CLAUSE_END = /^[.,;:!?]$/;
const NEGATIONS = new Set(['not', 'no', 'never', 'nothing', 'nobody', 'none', 'nor', 'neither', 'nowhere', 'cannot', 'without', 'hardly', 'barely']);

/** True for a negation word, including every "…n't" contraction. */
export function isNegation(token: string): boolean {
  return NEGATIONS.has(token) || token.endsWith("n't") || token.endsWith('n’t');
}

/**
 * Lower-cased tokens of a prepared text (see prepareText): words, emoji as their own tokens, and
 * ! and ?. With `negation`, words in the scope of a negation carry a `NOT_` prefix, which lets a
 * linear model tell "good" from "not good".
 */
export function tokenise(text: string, options: TokeniseOptions = {}): string[] {
  const lower = text.toLowerCase();
  if (!options.negation) return lower.match(TOKEN) ?? [];
  const out: string[] = [];
  // Clause ends are needed to close a negation's scope, so they are matched too and dropped.
  const withPunctuation = new RegExp(`${TOKEN.source}|[.,;:]`, 'gu');
  let negated = false;
  for (const m of lower.matchAll(withPunctuation)) {
    const t = m[0];
    if (CLAUSE_END.test(t)) {
      negated = false;
      if (t === '!' || t === '?') out.push(t);
      continue;
    }
    if (isNegation(t)) {
      negated = true;
      out.push(t);
      continue;
    }
    out.push(negated ? `NOT_${t}` : t);
  }
  return out;
}
