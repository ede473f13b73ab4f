/**
 * The message to show for a failed request. For a `ResponseError` from the
 * Berth client that is the server's own message (e.g. why a 4xx was
 * answered), not the generic "Request failed with 409 Conflict".
 */
export function errorMessage(error: unknown): string {
  if (error instanceof Error) {
    const body = (error as { body?: { error?: { message?: unknown } } }).body;
    const serverMessage = body?.error?.message;
    if (
      error.name === 'ResponseError' &&
      typeof serverMessage === 'string' &&
      serverMessage
    ) {
      return serverMessage;
    }
    return error.message;
  }
  return String(error);
}
