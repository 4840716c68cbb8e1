export * from './strings';
export * from './numbers';
export { chunk, unique, countBy, zip } from './arrays';
export { Stack } from './stack';
