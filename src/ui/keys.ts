/** @module Single keypresses for `lab watch` (raw mode on a TTY only; without a TTY, signals still quit). */

/** `interrupt` is Ctrl-C, which raw mode turns into a key instead of a signal. */
export type Key = 'rerun' | 'quit' | 'interrupt'

/** Enter or r → rerun; q → quit; Ctrl-C → interrupt. Returns a function restoring the terminal. */
export function listenForKeys(onKey: (key: Key) => void, stdin: NodeJS.ReadStream = process.stdin): () => void {
  if (!stdin.isTTY) return () => {}
  stdin.setRawMode(true)
  stdin.resume()
  const onData = (data: Buffer) => {
    // Keys typed quickly (or pasted) arrive in one chunk: handle each one.
    for (const key of data.toString('utf8')) {
      if (key === '\u0003') onKey('interrupt')
      else if (key === 'q') onKey('quit')
      else if (key === 'r' || key === '\r' || key === '\n') onKey('rerun')
    }
  }
  stdin.on('data', onData)
  return () => {
    stdin.off('data', onData)
    stdin.setRawMode(false)
    stdin.pause()
  }
}
