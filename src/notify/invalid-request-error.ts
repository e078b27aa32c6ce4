/** A notification request is malformed (a workflow bug, not a delivery problem); names the field and value. */
export class InvalidNotificationRequestError extends Error {
  override readonly name = 'InvalidNotificationRequestError';

  constructor(
    readonly field: string,
    readonly value: unknown,
    detail: string,
  ) {
    super(`invalid notification request: ${field} = ${JSON.stringify(value)}: ${detail}`);
  }
}
