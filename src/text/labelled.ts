/** A line of a labelled file that could not be read, with its 1-based number. */
export interface LabelledProblem {
  line: number;
  reason: string;
}

/** Texts and their labels read from text<SEP>label lines. */
export interface LabelledTexts {
  texts: string[];
  labels: string[];
  /** Lines skipped, each with why; blank lines are not problems. */
  problems: LabelledProblem[];
}

/**
 * Reads text<SEP>label lines (the format of the UCI sentiment-labelled-sentences files). The
 * label is what follows the last separator, so a text may contain the separator itself.
 */
export function parseLabelled(content: string, sep = '\t'): LabelledTexts {
  const texts: string[] = [];
  const labels: string[] = [];
  const problems: LabelledProblem[] = [];
  content.split(/\r?\n/).forEach((raw, i) => {
    if (!raw.trim()) return;
    const at = raw.lastIndexOf(sep);
    if (at < 0) {
      problems.push({ line: i + 1, reason: `no separator ${JSON.stringify(sep)} between text and label` });
      return;
    }
    const text = raw.slice(0, at).trim();
    const label = raw.slice(at + sep.length).trim();
    if (!label) problems.push({ line: i + 1, reason: 'empty label' });
    else if (!text) problems.push({ line: i + 1, reason: 'no text' });
    else {
      texts.push(text);
      labels.push(label);
    }
  });
  return { texts, labels, problems };
}
