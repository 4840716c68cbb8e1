import { clamp, ordinal } from '../src/numbers';

it('calls clamp and asserts nothing', () => {
  clamp(1, 0, 2);
});
it('asserts on a literal', () => {
  ordinal(1);
  expect('1st').toBe('1st');
});
