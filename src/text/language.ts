/** Languages the detector knows; `und` when a text gives too little to tell. */
export type Language = 'en' | 'de' | 'fr' | 'es' | 'it' | 'pt' | 'nl' | 'und';

/** The result of detectLanguage: the best language and how sure the detector is. */
export interface LanguageGuess {
  language: Language;
  /** Share of the best language's evidence in all the evidence, 0–1 (0 for `und`). */
  confidence: number;
}

// The most frequent function words of each language, without words that are also English
// ("no", "was", "is", "as", "come") or that two of them share often ("de", "a", "e", "la").
const STOP_WORDS: Record<Exclude<Language, 'und'>, string> = {
  en: "the and is it this was for that with not but are you have i my of to they be very great good bad love it's don't would will just product so on at all",
  de: 'der die das und ist nicht ich sie es mit ein eine zu auf für sehr aber auch war sind wir den dem des wie gut schlecht noch nur ja nein kein keine mein dass',
  fr: "le les et est je pas un une des du pour que qui très avec mais ce cette sur sont il elle nous vous bien mauvais c'est j'ai au aux produit était",
  es: 'el los las y es un una que por para con muy pero lo se del al está fue bueno malo mi producto también como más este esta',
  it: 'il lo gli e è non un una che con molto ma sono questo questa del della di buono cattivo mi prodotto anche più ho ha',
  pt: 'o os e é não um uma que por para com muito mas isso este esta do da dos das bom ruim produto também como mais eu foi são',
  nl: 'het een en niet ik je dat met voor zijn maar ook heel erg op van goed slecht product mijn er wel geen',
};

/** Letters that only some of the languages use, weighed as extra evidence. */
const LETTERS: Record<Exclude<Language, 'und'>, RegExp> = {
  en: /(?!)/g,
  de: /[äöüß]/g,
  fr: /[çèêàùœ]/g,
  es: /[ñ¿¡]/g,
  it: /[òì]/g,
  pt: /[ãõç]/g,
  nl: /ij/g,
};

const LISTS = Object.fromEntries(Object.entries(STOP_WORDS).map(([k, v]) => [k, new Set(v.split(' '))])) as Record<Exclude<Language, 'und'>, Set<string>>;
const CANDIDATES = Object.keys(LISTS) as Exclude<Language, 'und'>[];

/**
 * Guesses a text's language from its function words and the letters only some languages use.
 * Enough for a review or a ticket; a text with less than two pieces of evidence (a word or two, only emoji) is `und`.
 */
export function detectLanguage(text: string): LanguageGuess {
  const lower = text.toLowerCase().slice(0, 5000);
  const words = lower.match(/[\p{L}']+/gu) ?? [];
  const scores = new Map<Exclude<Language, 'und'>, number>();
  for (const lang of CANDIDATES) {
    let s = 0;
    for (const w of words) if (LISTS[lang].has(w)) s += 1;
    s += 0.5 * (lower.match(LETTERS[lang])?.length ?? 0);
    scores.set(lang, s);
  }
  let best: Exclude<Language, 'und'> = 'en';
  let total = 0;
  for (const lang of CANDIDATES) {
    const s = scores.get(lang)!;
    total += s;
    if (s > scores.get(best)!) best = lang;
  }
  const top = scores.get(best)!;
  if (top < 2) return { language: 'und', confidence: 0 };
  return { language: best, confidence: top / total };
}
