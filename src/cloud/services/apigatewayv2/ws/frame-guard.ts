/**
 * @module The frame-level quotas, checked on the raw bytes before the `ws` library assembles a message (it only
 * knows a limit per message): a data frame over 32 KB closes the connection with 1009, and a binary frame with
 * 1003, the moment its header arrives.
 * @see https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-execution-service-websocket-limits-table.html
 * @see https://docs.aws.amazon.com/apigateway/latest/developerguide/websocket-api-develop-binary-media-types.html
 * @see https://www.rfc-editor.org/rfc/rfc6455#section-5.2
 */

export type FrameViolation = { code: 1009 | 1003; reason: string }

const OPCODE_BINARY = 0x2

/** Reads frame headers from the client's byte stream (chunks as they arrive), skipping payloads. */
export class FrameGuard {
  /** Header bytes of the frame being read (at most 14). */
  private header: number[] = []
  /** Payload bytes still to skip before the next header. */
  private skip = 0
  private failed = false

  constructor(private readonly maxFrameBytes: number) {}

  /** The first violation in `chunk`, if any (then every later chunk is ignored). */
  feed(chunk: Buffer): FrameViolation | undefined {
    if (this.failed) return undefined
    let i = 0
    while (i < chunk.length) {
      if (this.skip > 0) {
        const n = Math.min(this.skip, chunk.length - i)
        this.skip -= n
        i += n
        continue
      }
      this.header.push(chunk[i++])
      const verdict = this.headerComplete()
      if (verdict === 'more') continue
      this.header = []
      if (verdict) {
        this.failed = true
        return verdict
      }
    }
    return undefined
  }

  /** 'more' while the header is incomplete; a violation; else undefined (and `skip` set to the payload length). */
  private headerComplete(): FrameViolation | undefined | 'more' {
    const h = this.header
    if (h.length < 2) return 'more'
    const opcode = h[0] & 0x0f
    const masked = (h[1] & 0x80) !== 0
    const len7 = h[1] & 0x7f
    const extended = len7 === 126 ? 2 : len7 === 127 ? 8 : 0
    const total = 2 + extended + (masked ? 4 : 0)
    if (h.length < total) return 'more'
    let length = len7
    if (extended === 2) length = (h[2] << 8) | h[3]
    else if (extended === 8) {
      length = 0
      for (let k = 2; k < 10; k++) length = length * 256 + h[k]
    }
    this.skip = length
    if (opcode === OPCODE_BINARY) return { code: 1003, reason: 'Binary frames are not supported' }
    // Control frames (close, ping, pong) are at most 125 bytes by the protocol: only data frames count here.
    if (opcode < 0x8 && length > this.maxFrameBytes) return { code: 1009, reason: 'Frame size exceeded' }
    return undefined
  }
}
