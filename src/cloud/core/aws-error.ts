/** @module AwsError: the one error type of the local cloud, rendered in each protocol's own shape. */

/** An AWS-shaped failure: `code` is the AWS error code (e.g. `ValidationError`), `status` the HTTP status. */
export class AwsError extends Error {
  constructor(
    readonly code: string,
    readonly status: number,
    message: string,
    /** Extra fields some protocols carry (S3 `BucketName`, query `Type: Receiver`, …). */
    readonly extra: Record<string, string> = {},
  ) {
    super(message)
    this.name = code
  }

  /** `Sender` for 4xx, `Receiver` for 5xx, as the query protocol's `<Type>` says. */
  get fault(): 'Sender' | 'Receiver' {
    return this.status >= 500 ? 'Receiver' : 'Sender'
  }
}

export const validationError = (message: string) => new AwsError('ValidationError', 400, message)
