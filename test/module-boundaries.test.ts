import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { expect } from 'chai';

const SRC = join(__dirname, '..', 'src');

function sourcesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourcesUnder(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

/** The folder under src/ of every relative module a file imports or requires. */
function importedFolders(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const specifiers = [...text.matchAll(/(?:from\s+|require\(\s*|import\(\s*)'(\.{1,2}\/[^']+)'/g)].map((match) => match[1]!);
  return specifiers.map((specifier) => relative(SRC, resolve(dirname(file), specifier)).split(/[\\/]/)[0]!);
}

describe('module boundaries', () => {
  it('only the command line (and the demo, a terminal program) imports from src/cli', () => {
    const crossing = sourcesUnder(SRC)
      .map((file) => relative(SRC, file))
      .filter((file) => !file.startsWith('cli/') && !file.startsWith('demo/'))
      .filter((file) => importedFolders(join(SRC, file)).includes('cli'));
    expect(crossing).to.deep.equal([]);
  });
});
