/**
 * Errors the integration reports to the analyst as they are (bad argument, bad param): the message
 * already says what failed and what to do. Anything else is reported as an internal failure.
 * A flag rather than a subclass: `instanceof` on downlevelled Error subclasses is unreliable in ES5.
 */
export function userError(message: string): Error {
  var e = new Error(message);
  (e as Error & { userError?: boolean }).userError = true;
  return e;
}

export function isUserError(e: unknown): boolean {
  return !!e && typeof e === 'object' && (e as { userError?: boolean }).userError === true;
}

/** The text of anything thrown. */
export function errorText(e: unknown): string {
  if (e && typeof e === 'object' && typeof (e as Error).message === 'string') return (e as Error).message;
  return String(e);
}
