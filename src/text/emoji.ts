/**
 * Words for the emoji reviews use most, as Python's VADER does with its emoji lexicon (it reads
 * an emoji's description); the JavaScript port has no emoji list, so without this "😡" scores 0.
 * Words are chosen from VADER's own lexicon.
 */
const EMOJI_WORDS: Record<string, string> = {
  '😀': 'grinning happy', '😃': 'happy smile', '😄': 'happy smile', '😁': 'grinning happy', '😆': 'laughing',
  '😊': 'smiling happy', '🙂': 'smile', '😉': 'wink', '😍': 'love', '🥰': 'love', '😘': 'kiss love',
  '😂': 'laughing', '🤣': 'laughing', '😎': 'cool', '🤩': 'excited', '😇': 'blessed', '🥳': 'celebrate',
  '👍': 'good', '👌': 'ok good', '👏': 'applause', '🙌': 'celebrate', '💯': 'perfect', '🎉': 'celebrate',
  '❤': 'love', '❤️': 'love', '💕': 'love', '💖': 'love', '💗': 'love', '😋': 'yummy', '⭐': 'star', '🌟': 'great',
  '😐': 'neutral', '😑': 'meh', '🤔': 'thinking',
  '😞': 'disappointed', '😔': 'sad', '😟': 'worried', '🙁': 'frown', '☹': 'frown', '☹️': 'frown',
  '😢': 'crying sad', '😭': 'crying sad', '😡': 'angry', '😠': 'angry', '🤬': 'angry cursing', '😤': 'angry',
  '👎': 'bad', '💔': 'heartbroken', '😒': 'unamused', '😩': 'weary', '😫': 'tired upset', '🤮': 'disgusting',
  '🤢': 'sick', '😱': 'scared', '😨': 'fearful', '😰': 'anxious', '😖': 'upset', '😣': 'upset', '🙄': 'annoyed',
  '💩': 'crap', '😬': 'awkward', '😕': 'confused',
};

const PICTOGRAPH = /\p{Extended_Pictographic}\uFE0F?/gu;

/** Replaces each known emoji by its words (padded with spaces); unknown emoji are kept. */
export function emojiToWords(text: string): string {
  return text.replace(PICTOGRAPH, (e) => {
    const words = EMOJI_WORDS[e] ?? EMOJI_WORDS[e.replace('\uFE0F', '')];
    return words ? ` ${words} ` : e;
  });
}

/** True when the text has emoji and nothing else but spaces and punctuation. */
export function onlyEmoji(text: string): boolean {
  return /\p{Extended_Pictographic}/u.test(text) && !/[\p{L}\p{N}]/u.test(text);
}
