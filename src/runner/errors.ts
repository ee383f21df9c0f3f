/** @module LabError: a failure the learner can act on. Only cli/main.ts turns it into an exit code. */

export class LabError extends Error {
  constructor(
    message: string,
    /** Extra lines: what was expected, what came back, what to try next. */
    readonly details: string[] = [],
    readonly exitCode = 1,
  ) {
    super(message)
    this.name = 'LabError'
  }
}
