import { camelCase, kebabCase, capitalize } from '../src/strings';

describe('camelCase', () => {
  it('joins dashed words', () => expect(camelCase('foo-bar')).toBe('fooBar'));
  it('joins spaced and underscored words', () =>
    expect(camelCase('Hello world_again')).toBe('helloWorldAgain'));
  it('lower-cases a single word', () => expect(camelCase('HELLO')).toBe('hello'));
});

describe('kebabCase', () => {
  it('splits at a case change', () =>
    expect(kebabCase('backgroundColor')).toBe('background-color'));
  it('joins spaced words with dashes', () => expect(kebabCase('Hello World')).toBe('hello-world'));
});

describe('capitalize', () => {
  it('upper-cases the first letter only', () =>
    expect(capitalize('hello World')).toBe('Hello World'));
  it('leaves an empty text alone', () => expect(capitalize('')).toBe(''));
});
