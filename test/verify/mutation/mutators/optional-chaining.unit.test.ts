import { optionalChaining } from '../../../../src/verify/mutation/mutators/optional-chaining';
import { describeMutator } from '../../../helpers/mutator-table';

describeMutator(optionalChaining, {
  valid: [
    ['const n = user.address.city;', 'no ?. in the chain'],
    ['const gone = !user?.name;', 'under a negation the chain is left as written'],
  ],
  invalid: [
    { code: 'const city = user?.address.city;', mutants: ['user.address.city'] },
    {
      code: 'const city = user?.address?.city;',
      mutants: ['user?.address.city', 'user.address?.city'],
    },
    { code: 'const first = list?.[0];', mutants: ['list[0]'] },
    { code: 'const r = callback?.(value);', mutants: ['callback(value)'] },
  ],
});
