import { isPalindrome, slugify, initials, mask, levenshtein } from '../src/strings';

it('recognises a palindrome phrase', () =>
  expect(isPalindrome('A man, a plan, a canal: Panama')).toBe(true));
it('rejects a non-palindrome', () => expect(isPalindrome('attest')).toBe(false));
it('slugifies a title with accents', () =>
  expect(slugify('Crème Brûlée: a recipe!')).toBe('creme-brulee-a-recipe'));
it('takes at most three initials', () => expect(initials('ada augusta king lovelace')).toBe('AAK'));
it('masks all but four characters', () =>
  expect(mask('4111111111111111')).toBe('************1111'));
it('shows a short secret as it is', () => expect(mask('123', 4)).toBe('123'));
it('measures the edit distance', () => expect(levenshtein('kitten', 'sitting')).toBe(3));
