import { regex } from '../../../../src/verify/mutation/mutators/regex';
import { describeMutator } from '../../../helpers/mutator-table';

describeMutator(regex, {
  valid: [
    ['const any = /./;', 'nothing to drop or negate'],
    ['const ab = /ab/;', 'no anchor, class or quantifier'],
  ],
  invalid: [
    {
      code: 'const word = /^[a-z]+$/;',
      mutants: ['/[a-z]+$/', '/^[a-z]+/', '/^[^a-z]+$/', '/^[a-z]$/'],
    },
    { code: 'const digits = /\\d+/g;', mutants: ['/\\D+/g', '/\\d/g'] },
    {
      code: 'const parts = text.split(/\\s+/).filter(Boolean);',
      mutants: ['/\\S+/'],
      equivalent: { '/\\s/': 'split-runs-filtered' },
    },
    {
      code: 'const parts = name.split(/[_-]+/).filter(Boolean);',
      mutants: ['/[^_-]+/'],
      equivalent: { '/[_-]/': 'split-runs-filtered' },
    },
    // Without the filter, or with another one, the empty parts are kept: a real mutant.
    { code: 'const parts = text.split(/\\s+/);', mutants: ['/\\S+/', '/\\s/'] },
    {
      code: 'const parts = text.split(/\\s+/).filter((p) => p.length > 1);',
      mutants: ['/\\S+/', '/\\s/'],
    },
    { code: 'const m = text.match(/\\s+/);', mutants: ['/\\S+/', '/\\s/'] },
    { code: 'const parts = t.split(/ab+/).filter(Boolean);', mutants: ['/ab/'] },
  ],
});
