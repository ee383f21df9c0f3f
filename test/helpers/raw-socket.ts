/** A raw TCP conversation with the cloud, for what fetch cannot do: hold a body open, lie about its length, drip headers. */
import net from 'node:net'

export interface RawConversation {
  socket: net.Socket
  /** Everything the server sent, once it has closed the connection. */
  closed: Promise<string>
  /** Resolves when the server's bytes so far contain `text`. */
  received(text: string): Promise<string>
}

/** Connect, send `bytes` and keep the connection open for writing (the server decides when it ends). */
export function converse(port: number, bytes: string | Buffer): RawConversation {
  const socket = net.connect(port, '127.0.0.1')
  let out = ''
  const waiters: { text: string; resolve: (out: string) => void }[] = []
  socket.on('data', (chunk) => {
    out += chunk.toString('latin1')
    for (const waiter of [...waiters]) if (out.includes(waiter.text)) waiter.resolve(out)
  })
  socket.on('error', () => {}) // a reset after the server's answer is part of what is tested
  const closed = new Promise<string>((resolve) => socket.on('close', () => resolve(out)))
  socket.write(bytes)
  return {
    socket,
    closed,
    received: (text) => (out.includes(text) ? Promise.resolve(out) : new Promise((resolve) => waiters.push({ text, resolve }))),
  }
}

/** Keep writing `chunk` while the connection is open, up to `maxBytes` (a client that sends whatever happens). */
export function keepSending(socket: net.Socket, chunk: Buffer, maxBytes: number, frame = (c: Buffer) => c): void {
  let sent = 0
  const next = (): void => {
    while (!socket.destroyed && socket.writable && sent < maxBytes) {
      sent += chunk.length
      if (!socket.write(frame(chunk))) return void socket.once('drain', next)
    }
  }
  next()
}

/** `HTTP/1.1 403 Forbidden` → 403. */
export const statusOf = (reply: string) => Number(/^HTTP\/1\.1 (\d{3}) /.exec(reply)?.[1])
