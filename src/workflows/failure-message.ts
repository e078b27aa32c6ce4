import { ActivityFailure, ApplicationFailure } from '@temporalio/workflow';

/** The reason inside an activity failure (the application's message), for timelines and alerts. */
export function failureMessage(error: unknown): string {
  if (error instanceof ActivityFailure && error.cause instanceof ApplicationFailure) return error.cause.message;
  if (error instanceof ActivityFailure && error.cause instanceof Error) return error.cause.message;
  return error instanceof Error ? error.message : String(error);
}
