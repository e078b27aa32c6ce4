/** A notification template is missing, malformed or uses something it may not; names the file or kind. */
export class TemplateError extends Error {
  override readonly name = 'TemplateError';

  constructor(
    message: string,
    /** The template file (or `kind/audience` when no file was found). */
    readonly where: string,
  ) {
    super(`${where}: ${message}`);
  }
}
