/** The error a call fails with (the test fails if it succeeds), typed as the SDK's service exception. */
export async function failure<E extends Error = Error & { name: string; $metadata: { httpStatusCode?: number } }>(p: Promise<unknown>): Promise<E> {
  try {
    await p
  } catch (err) {
    return err as E
  }
  throw new Error('expected the call to fail')
}
