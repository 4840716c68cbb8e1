import { methodExpression } from '../../../../src/verify/mutation/mutators/method-expression';
import { describeMutator } from '../../../helpers/mutator-table';

describeMutator(methodExpression, {
  valid: [
    ['const n = items.map((i) => i.id);', 'map has no listed opposite'],
    ['const t = s?.trim();', 'an optional call is the optional-chaining mutator’s'],
    ['const n = parse(text);', 'a plain call has no receiver'],
  ],
  invalid: [
    { code: 'const low = Math.min(a, b);', mutants: ['Math.max(…)'] },
    { code: 'const up = name.toUpperCase();', mutants: ['name.toLowerCase(…)'] },
    { code: 'const ok = path.startsWith(root);', mutants: ['path.endsWith(…)'] },
    { code: 'const all = xs.some(isBad);', mutants: ['xs.every(…)'] },
    { code: 'const kept = xs.filter(isGood);', mutants: ['xs (.filter() removed)'] },
    {
      code: 'const w = s.trim().split(" ");',
      mutants: ['s (.trim() removed)'],
    },
  ],
});
