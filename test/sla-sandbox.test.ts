import { expect } from 'chai';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { bundleWorkflowCode } from '@temporalio/worker';

const SLA_DIR = resolve(__dirname, '../src/sla');
// What Temporal's bundler loads: the real workflow entry, the way the worker bundles it.
const WORKFLOWS_ENTRY = resolve(__dirname, '../src/workflows/index.ts');
// The only file of src/sla that may do I/O; workflows never reach it.
const LOADER = join(SLA_DIR, 'load-calendars.ts');

function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/(?:import|export)\s[^'"]*?from\s+'([^']+)'/g)].map((match) => match[1]!);
}

/** Every source file reachable from the workflow entry point through relative imports. */
function reachable(entry: string): Set<string> {
  const seen = new Set<string>();
  const visit = (file: string): void => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const specifier of importsOf(file)) {
      if (!specifier.startsWith('.')) continue;
      const target = resolve(dirname(file), specifier);
      visit(existsSync(`${target}.ts`) ? `${target}.ts` : join(target, 'index.ts'));
    }
  };
  visit(entry);
  return seen;
}

describe('src/sla in the Temporal workflow sandbox', () => {
  const files = readdirSync(SLA_DIR)
    .filter((name) => name.endsWith('.ts'))
    .map((name) => join(SLA_DIR, name));

  it('imports no Node built-ins and reads no clock or randomness (except the loader)', () => {
    const builtins = new Set(builtinModules.flatMap((name) => [name, `node:${name}`]));
    for (const file of files.filter((name) => name !== LOADER)) {
      const text = readFileSync(file, 'utf8');
      expect(importsOf(file).filter((specifier) => builtins.has(specifier)), file).to.deep.equal([]);
      expect(text, file).to.not.match(/Date\.now\(|new Date\(\)|Math\.random\(|process\.|performance\.now/);
    }
  });

  it('the workflow entry point never reaches the file loader, only pure calendar code', () => {
    const closure = reachable(WORKFLOWS_ENTRY);
    expect(closure.has(LOADER)).to.equal(false);
    expect(closure.has(join(SLA_DIR, 'read-calendars.ts'))).to.equal(false);
    expect(closure.has(join(SLA_DIR, 'public-holidays.ts'))).to.equal(false);
    expect(closure.has(join(SLA_DIR, 'clock.ts'))).to.equal(true);
  });

  it('bundles with the Temporal workflow bundler, which refuses Node built-ins', async function () {
    this.timeout(120_000);
    const { code } = await bundleWorkflowCode({ workflowsPath: WORKFLOWS_ENTRY, logger: quietLogger() });
    expect(code).to.contain('addBusinessMs');
    expect(code).to.not.contain('date-holidays');
    // The control: the loader, which reads files, is refused.
    const refused = await bundleWorkflowCode({ workflowsPath: LOADER, logger: quietLogger() }).then(
      () => false,
      () => true,
    );
    expect(refused).to.equal(true);
  });
});

function quietLogger() {
  const nothing = (): void => undefined;
  return { log: nothing, trace: nothing, debug: nothing, info: nothing, warn: nothing, error: nothing };
}
