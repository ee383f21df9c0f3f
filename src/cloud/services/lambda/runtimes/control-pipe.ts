/**
 * @module The Python runtime's control pipes (fd 3 in, fd 4 out): one JSON message per line. An event or a
 * result payload — JSON already — follows its message on a line of its own instead of being encoded again
 * inside it (`eventFollows` / `payloadFollows`), which keeps both sides from escaping and unescaping it.
 */

/**
 * A message to the child as its line(s): an event with line breaks of its own (pretty-printed JSON) travels
 * inside the message.
 */
export function controlMessageLines(message: { event?: string; [key: string]: unknown }): string {
  const { event, ...rest } = message
  if (event === undefined || event.includes('\n') || event.includes('\r')) return JSON.stringify(message) + '\n'
  return JSON.stringify({ ...rest, eventFollows: true }) + '\n' + event + '\n'
}

/** Messages from the child, with a following payload line put back as `payload`. Stray lines are ignored. */
export function readControlPipe(input: NodeJS.ReadableStream, deliver: (message: Record<string, unknown>) => void): void {
  let header: Record<string, unknown> | undefined
  onLines(input, (line) => {
    if (header) {
      const { payloadFollows: _, ...message } = header
      header = undefined
      return deliver({ ...message, payload: line })
    }
    try {
      const message = JSON.parse(line)
      if (message?.payloadFollows) header = message
      else deliver(message)
    } catch {
      // not a message: ignored
    }
  })
}

/** Lines of a pipe, split on `\n` only (readline would also split on `\r`). */
function onLines(input: NodeJS.ReadableStream, onLine: (line: string) => void): void {
  // Pieces of an unfinished line wait in a list: a 6 MB payload arrives in many chunks.
  let pending: string[] = []
  input.setEncoding('utf8')
  input.on('data', (chunk: string) => {
    let start = 0
    let at: number
    while ((at = chunk.indexOf('\n', start)) !== -1) {
      const piece = chunk.slice(start, at)
      onLine(pending.length ? pending.join('') + piece : piece)
      pending = []
      start = at + 1
    }
    if (start < chunk.length) pending.push(chunk.slice(start))
  })
}
