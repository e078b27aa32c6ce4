/** Assignment input that cannot be judged (e.g. an unparseable instant); names the value and where it came from. */
export class AssignmentError extends Error {
  override readonly name = 'AssignmentError';

  constructor(
    readonly where: string,
    readonly value: unknown,
    detail: string,
  ) {
    super(`${where}: ${JSON.stringify(value)} ${detail}`);
  }
}
