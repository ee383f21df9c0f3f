/** @module Single keypresses for `lab watch` (raw mode on a TTY only; without a TTY, signals still quit). */

export type Key = 'rerun' | 'quit'

/** Enter or r → rerun; q or Ctrl-C → quit. Returns a function restoring the terminal. */
export function listenForKeys(onKey: (key: Key) => void, stdin: NodeJS.ReadStream = process.stdin): () => void {
  if (!stdin.isTTY) return () => {}
  stdin.setRawMode(true)
  stdin.resume()
  const onData = (data: Buffer) => {
    const key = data.toString('utf8')
    if (key === 'q' || key === '\u0003') onKey('quit')
    else if (key === 'r' || key === '\r' || key === '\n') onKey('rerun')
  }
  stdin.on('data', onData)
  return () => {
    stdin.off('data', onData)
    stdin.setRawMode(false)
    stdin.pause()
  }
}
