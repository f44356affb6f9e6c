/** Why the generator refused to run. */
export type GeneratorErrorCode =
  /** An option is out of range or options contradict each other. */
  | 'GENERATOR_OPTION_INVALID'
  /** `--from` is not a bundle this generator wrote (no readable generator.json). */
  | 'GENERATOR_SOURCE_INVALID'
  /** The output folder holds files the generator did not write; it is left alone. */
  | 'GENERATOR_OUTPUT_EXISTS';

/** A refusal with a stable code; the CLI prints the message and exits with 1. */
export class GeneratorError extends Error {
  constructor(
    readonly code: GeneratorErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'GeneratorError';
  }
}
