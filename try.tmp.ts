import { yamlSyntaxProblems } from './src/source/yaml-syntax-problems';
import { formatProblem } from './src/source/problem';
import { readFileSync } from 'node:fs';
for (const t of [readFileSync('/tmp/pol/pr.yaml','utf8'), 'a: [1, 2\nb: 3\n', 'a:\n  b: {x: 1\n  c: 2\n', 'a: "abc\nb: 2\n', "a: 'abc\nb: 2\n", 'a: [1, {x: 2]\n', 'a: b: c\n', 'a:\n\tb: 1\n','a: ]\n', 'a: [1,\n  2,\nb: 3\nc: [x # hm\nd: "q\ne: 1\nf: 2: 3\n', '[a, b\n', 'a: b\n---\nc: d\n']) {
  console.log(JSON.stringify(t.slice(0,40))); for (const p of yamlSyntaxProblems(t, 'f.yaml')) console.log('   ', formatProblem(p));
}
