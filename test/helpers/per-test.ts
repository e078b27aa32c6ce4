/**
 * A fixture built inside the test that reads it (once per test, on first read), never while mocha
 * loads the file. Code that runs at load time belongs to no test: StrykerJS counts its mutants as
 * static, so it cannot tell which tests cover them and restarts its test process for each one
 * (seconds per mutant instead of milliseconds, see stryker.config.mjs). Built per test, each
 * mutant is covered by exactly the tests that read the fixture, and no test sees another's state.
 */
let generation = 0;
beforeEach(() => {
  generation += 1;
});

export function perTest<T>(make: () => T): () => T {
  let made: { generation: number; value: T } | undefined;
  return () => {
    if (made?.generation !== generation) made = { generation, value: make() };
    return made.value;
  };
}
