/** American Soundex codes of the letters a–z ('0' for vowels and h, w, y, which are not coded). */
const CODES = '01230120022455012623010202';

/**
 * American Soundex of a name already folded to lower-case a–z (other characters are skipped):
 * the first letter and three digits, e.g. "robert" → "r163", "tymczak" → "t522". Letters
 * separated only by h or w share a code, as the standard says. Empty for a name with no letter.
 */
export function soundex(name: string): string {
  let out = '';
  let last = '';
  for (let i = 0; i < name.length && out.length < 4; i++) {
    const c = name.charCodeAt(i) - 97;
    if (c < 0 || c > 25) continue;
    const code = CODES[c] ?? '0';
    if (out.length === 0) {
      out = name[i] ?? '';
      last = code;
      continue;
    }
    if (code === '0') {
      // h and w do not separate equal codes; vowels do.
      if (c !== 7 && c !== 22) last = '';
      continue;
    }
    if (code !== last) out += code;
    last = code;
  }
  return out.length === 0 ? '' : out.padEnd(4, '0');
}
