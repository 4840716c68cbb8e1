import { stringLiteral } from '../../../../src/verify/mutation/mutators/string-literal';
import { describeMutator } from '../../../helpers/mutator-table';

describeMutator(stringLiteral, {
  valid: [
    ["import { parse } from './parse';", 'a module name'],
    ["const lib = require('ms');", 'a required module name'],
    ["const o = { 'key': 1 };", 'a property key'],
    ["'use strict';", 'a directive'],
    ['const html = tag`<b>${x}</b>`;', 'a tagged template is a call'],
    ['const blank = ``;', 'an empty template'],
  ],
  invalid: [
    { code: "const greeting = 'Hello';", mutants: ['""'] },
    { code: "const empty = '';", mutants: ['"Stryker was here!"'] },
    { code: 'const line = `total: ${n}`;', mutants: ['``'] },
    { code: "const o = { label: 'Total' };", mutants: ['""'] },
  ],
});
