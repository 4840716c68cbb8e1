import type { NodeMutator } from './node-mutator';
import { isOptionalToken } from './syntax-nodes';

/**
 * Method calls whose swap keeps the code running but changes its result; null removes the call
 * and keeps its receiver (`xs.filter(f)` → `xs`).
 */
const SWAPS: Record<string, string | null> = {
  min: 'max',
  max: 'min',
  floor: 'ceil',
  ceil: 'floor',
  toUpperCase: 'toLowerCase',
  toLowerCase: 'toUpperCase',
  toLocaleUpperCase: 'toLocaleLowerCase',
  toLocaleLowerCase: 'toLocaleUpperCase',
  startsWith: 'endsWith',
  endsWith: 'startsWith',
  some: 'every',
  every: 'some',
  trimStart: 'trimEnd',
  trimEnd: 'trimStart',
  charAt: null,
  filter: null,
  reverse: null,
  slice: null,
  sort: null,
  substr: null,
  substring: null,
  trim: null,
  at: null,
};

/** `xs.filter(f)` → `xs`; `s.startsWith(p)` → `s.endsWith(p)`. */
export const methodExpression: NodeMutator = {
  name: 'MethodExpression',
  nodeTypes: ['call_expression'],
  mutate(node, codeOf) {
    const fn = node.childForFieldName('function');
    if (fn?.type !== 'member_expression' || fn.children.some(isOptionalToken)) return [];
    const property = fn.childForFieldName('property')?.text ?? '';
    if (!Object.hasOwn(SWAPS, property)) return [];
    const swap = SWAPS[property];
    if (swap === null) {
      const receiver = fn.childForFieldName('object');
      return [
        { code: codeOf(receiver), display: `${receiver?.text ?? ''} (.${property}() removed)` },
      ];
    }
    const callee = codeOf(fn);
    const swapped = `${callee.slice(0, callee.length - property.length)}${swap}`;
    const args = codeOf(node.childForFieldName('arguments'));
    const shown = `${fn.text.slice(0, fn.text.length - property.length)}${swap}(…)`;
    return [{ code: `${swapped}${args}`, display: shown }];
  },
};
