/** A refused directory operation: a stable code and a message saying which rule refused it. */
export class DirectoryError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}
