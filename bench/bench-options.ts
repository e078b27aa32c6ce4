/*
 * Options a section takes after its name, e.g. `npm run bench -- scale --tickets 2000`. Each is
 * `--name <value>`; bench/index.ts removes them before it reads section names.
 */

/** Options that take a value, by section. */
const VALUE_OPTIONS = ['--tickets', '--cache', '--events'] as const;

/** The arguments without `--json` and the value options (and their values). */
export function sectionNames(argv: readonly string[]): string[] {
  const names: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--json') continue;
    if ((VALUE_OPTIONS as readonly string[]).includes(arg)) {
      i += 1;
      continue;
    }
    names.push(arg);
  }
  return names;
}

/** A positive integer option from the command line, else from `env`, else `fallback`; a bad value is an error naming it. */
export function integerOption(name: (typeof VALUE_OPTIONS)[number], env: string, fallback: number, argv: readonly string[] = process.argv): number {
  const at = argv.indexOf(name);
  const raw = at >= 0 ? argv[at + 1] : process.env[env];
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1) throw new Error(`${at >= 0 ? name : env} must be a positive whole number, not '${raw}'`);
  return value;
}
