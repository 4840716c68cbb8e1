import { LoadGraph, registryDependencies } from '../../src/verify/load-graph';
import { SourceParser } from '../../src/understand/source-parser';

/** A graph over these files (path → text), with `lodash` as the one registry dependency. */
function graphOf(files: Record<string, string>): LoadGraph {
  return new LoadGraph(
    new Set(Object.keys(files)),
    (f) => files[f] ?? null,
    new SourceParser(),
    new Set(['lodash']),
  );
}

const CODE = {
  'src/a.ts': "import { b } from './b.js';\nexport const a = () => b();",
  'src/b.ts': "export { c } from './c';\nexport const b = () => 1;",
  'src/c/index.ts': 'export const c = 2;',
  'src/d.ts': 'export const d = 3;',
  'src/data.json': '{}',
};

describe(LoadGraph.name, () => {
  it('follows imports, re-exports, requires and mocks from file to file', () => {
    const graph = graphOf({
      ...CODE,
      'test/a.test.ts': [
        "import { a } from '../src/a';",
        "import _ from 'lodash/fp';",
        "import path from 'node:path';",
        "const data = require('../src/data.json');",
        "jest.mock('../src/d');",
      ].join('\n'),
    });
    expect([...graph.from(['test/a.test.ts'])!].sort()).toEqual([
      'src/a.ts',
      'src/b.ts',
      'src/c/index.ts',
      'src/d.ts',
      'src/data.json',
      'test/a.test.ts',
    ]);
  });

  it('leaves out what no file of the run names', () => {
    const graph = graphOf({ ...CODE, 'test/c.test.ts': "import { c } from '../src/c';" });
    expect([...graph.from(['test/c.test.ts'])!].sort()).toEqual([
      'src/c/index.ts',
      'test/c.test.ts',
    ]);
  });

  it.each([
    ['a computed module name', "const name = '../src/a';\nrequire(name);"],
    ['a template with a substitution', "const x = 'a';\nimport(`../src/${x}`);"],
    ['require handed around', "const load = require;\nload('../src/a');"],
    ['fs, which reads any file', "import { readFileSync } from 'fs';"],
    ['module, which loads by name', "import { createRequire } from 'node:module';"],
    ['the package itself by name', "import { a } from 'verify-repo';"],
    ['a path alias', "import { a } from '@/a';"],
  ])('is open (null) for %s', (_, text) => {
    expect(graphOf({ ...CODE, 'test/x.test.ts': text }).from(['test/x.test.ts'])).toBeNull();
  });

  it('is open when code the test loads reads files', () => {
    const graph = graphOf({
      ...CODE,
      'src/d.ts': "import fs from 'node:fs';\nexport const d = fs.readFileSync('x');",
      'test/d.test.ts': "import { d } from '../src/d';",
    });
    expect(graph.from(['test/d.test.ts'])).toBeNull();
  });
});

describe(registryDependencies.name, () => {
  it('names the registry packages, not workspace, file, link or git ones', () => {
    const manifest = JSON.stringify({
      dependencies: { lodash: '^4.17.0', sibling: 'workspace:*', local: 'file:../local' },
      devDependencies: { '@types/node': '20.x', forked: 'github:me/forked', linked: 'link:../x' },
    });
    expect([...registryDependencies([manifest, null, 'not json'])].sort()).toEqual([
      '@types/node',
      'lodash',
    ]);
  });
});
