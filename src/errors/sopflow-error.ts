/**
 * An error meant for a person: one line, a code, and how to fix it. Raised by any layer (client,
 * runtime, intake, testing); the CLI prints it (cli/handle-error.ts), the web pages show it.
 */
export class SopflowError extends Error {
  readonly code: string;
  readonly suggestion: string | undefined;
  readonly exitCode: number;

  constructor(message: string, options: { code: string; suggestion?: string; exitCode?: number; cause?: unknown }) {
    super(message, options.cause !== undefined ? { cause: options.cause } : undefined);
    this.name = 'SopflowError';
    this.code = options.code;
    this.suggestion = options.suggestion;
    this.exitCode = options.exitCode ?? 1;
  }
}
