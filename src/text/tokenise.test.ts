import { describe, expect, it } from 'vitest';
import { detectLanguage } from './language.js';
import { prepareText } from './normalise.js';
import { tokenise } from './tokenise.js';

describe('tokenise', () => {
  it('lower-cases, keeps emoji, ! and ? as tokens', () => {
    expect(tokenise("I don't like it!! 😡👍🏽")).toEqual(['i', "don't", 'like', 'it', '!', '!', '😡', '👍🏽']);
  });

  it('marks words in the scope of a negation until punctuation', () => {
    expect(tokenise('not good at all, but fine', { negation: true })).toEqual(['not', 'NOT_good', 'NOT_at', 'NOT_all', 'but', 'fine']);
  });
});

describe('prepareText', () => {
  it('strips tags, scripts, links and entities', () => {
    expect(prepareText('<div>Fast&amp;cheap <a href="https://x.y">see www.x.com/p</a></div>').text).toBe('Fast&cheap see');
  });
});

describe('detectLanguage', () => {
  it.each([
    ['The phone is great and I love it', 'en'],
    ['Das Handy ist sehr gut und ich bin zufrieden', 'de'],
    ["Le téléphone est très bien et je l'aime", 'fr'],
    ['El teléfono es muy bueno y me gusta', 'es'],
    ['Il telefono è molto buono e mi piace', 'it'],
    ['O telefone é muito bom e eu gosto', 'pt'],
    ['De telefoon is heel goed en ik ben blij', 'nl'],
    ['👍', 'und'],
  ])('%s → %s', (text, lang) => {
    expect(detectLanguage(text).language).toBe(lang);
  });
});

describe('detectLanguage on English that borrows other languages\' words', () => {
  it.each(['No additional ear gels provided, and no instructions whatsoever.', 'I hate those things as much as cheap quality black olives.', 'Barney is definitely super DE duper.'])('%s is not another language', (text) => {
    expect(['en', 'und']).toContain(detectLanguage(text).language);
  });
});
