/**
 * @module `lab ws <url>`: a WebSocket client like wscat. Interactive at a terminal (a `> ` prompt; what arrives
 * is printed as `< …`, JSON pretty-printed), or scripted with `--execute MSG` (repeatable) and `--wait N`; lines
 * piped on stdin are sent one by one. Shows the handshake's refusal (the HTTP status API Gateway answered) and the
 * close code and reason. `--sign` signs the handshake with SigV4 for an `AWS_IAM` `$connect` route.
 */
import readline from 'node:readline'
import type WebSocket from 'ws'
import { ConnectFailed, HandshakeRefused, closeSocket, frameText, openSocket, regionOfHost, socketUrl, type SigningConfig } from '../../checks/ws/socket.js'
import { LabError } from '../../runner/errors.js'
import type { TargetFlags } from '../../runner/select.js'
import { t } from '../../ui/i18n.js'
import { printableLine } from '../../ui/terminal-text.js'
import { closeLine, frameLines } from '../../ui/ws-frames.js'
import type { CommandContext } from '../context.js'
import { deployedLab, type DeployedLab } from './lab-stack.js'
import { isAwsExecuteApiHost, parsePairs, targetFor, urlForTarget } from './ws-target.js'

export interface WsOptions extends TargetFlags {
  url: string
  execute?: string[]
  wait?: string
  header?: string[]
  query?: string[]
  sign?: boolean
  /** Tests: where typed lines come from (default stdin). */
  input?: NodeJS.ReadableStream
}

/** wscat's default for `-w`: long enough for a Lambda-backed route to answer. */
const DEFAULT_WAIT_SECONDS = 2

function waitSeconds(value: string | undefined): number {
  if (value === undefined) return DEFAULT_WAIT_SECONDS
  const n = Number(value)
  if (!Number.isFinite(n) || n < 0 || n > 3600) throw new LabError(t('ws.badWait', { value }))
  return n
}

/** The output holding the lab's WebSocket URL (`ws://` or `wss://`). */
function socketOutput(deployed: DeployedLab): string {
  const found = Object.entries(deployed.outputs).find(([, value]) => /^wss?:\/\//.test(value))
  if (!found) throw new LabError(t('ws.noSocketOutput', { lab: deployed.id, outputs: Object.keys(deployed.outputs).join(', ') || '-' }))
  return found[1]
}

async function connection(ctx: CommandContext, options: WsOptions): Promise<{ url: URL; sign?: SigningConfig }> {
  let url: URL
  // `lab ws 354`: the lab's WebSocket URL output (already in the target's URL style).
  const raw = options.url.includes('://') ? options.url : socketOutput(await deployedLab(ctx, options.url, options))
  try {
    url = socketUrl(raw, parsePairs(options.query, '=', '--query'))
  } catch (error) {
    if (error instanceof LabError) throw error
    throw new LabError(t('ws.badUrl', { url: options.url }), [t('ws.badUrlHint')])
  }
  const awsHost = isAwsExecuteApiHost(url.hostname)
  if (!options.sign && !awsHost) return { url }
  const target = await targetFor(ctx, options)
  const region = regionOfHost(url.hostname) ?? target.region
  const local = urlForTarget(url, target)
  const credentials = target.clientConfig.credentials as SigningConfig['credentials'] | undefined
  if (options.sign && !credentials) throw new LabError(t('ws.noCredentials'))
  return { url: local, sign: options.sign && credentials ? { credentials, region } : undefined }
}

export async function ws(ctx: CommandContext, options: WsOptions): Promise<number> {
  const wait = waitSeconds(options.wait)
  const headers = parsePairs(options.header, ':', '--header')
  const { url, sign } = await connection(ctx, options)
  const out = ctx.out
  let socket: WebSocket
  try {
    socket = await openSocket(url, { headers, sign })
  } catch (error) {
    if (error instanceof HandshakeRefused) {
      out.error(`error: ${error.message}${error.statusText ? ` ${printableLine(error.statusText)}` : ''}`)
      if (error.body.trim()) for (const line of frameLines('<', error.body, out.colors)) out.note(`  ${line}`)
      out.note(t('ws.refused', { status: error.status }))
      return 1
    }
    if (error instanceof ConnectFailed) throw new LabError(t('ws.connectFailed', { url: url.href, reason: error.reason }))
    throw error
  }
  const interactive = !options.execute?.length && !options.input && Boolean(process.stdin.isTTY && process.stdout.isTTY)
  out.info(out.colors.green(interactive ? t('ws.connected.interactive') : t('ws.connected')))

  let rl: readline.Interface | undefined
  const print = (lines: string[]) => {
    if (rl) {
      // Keep the prompt (and what is being typed) below what arrived.
      readline.clearLine(process.stdout, 0)
      readline.cursorTo(process.stdout, 0)
      for (const line of lines) out.info(line)
      rl.prompt(true)
    } else for (const line of lines) out.info(line)
  }
  socket.on('message', (data, isBinary) => print(frameLines('<', frameText(data, isBinary), out.colors)))
  // A protocol error (a message over MAX_MESSAGE_BYTES, invalid UTF-8) closes the socket: shown as wscat shows it.
  socket.on('error', (error: Error) => out.error(`error: ${printableLine(error.message)}`))

  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    socket.once('close', (code, reason) => resolve({ code, reason: reason.toString('utf8') })),
  )
  const send = (text: string) => {
    if (socket.readyState !== socket.OPEN) return
    socket.send(text)
    if (!rl) for (const line of frameLines('>', text, out.colors)) out.info(line)
  }
  const sigint = () => void closeSocket(socket)
  process.once('SIGINT', sigint)
  try {
    if (options.execute?.length) {
      for (const message of options.execute) send(message)
      await Promise.race([closed, new Promise((r) => setTimeout(r, wait * 1000))])
      await closeSocket(socket)
    } else if (interactive) {
      rl = readline.createInterface({ input: process.stdin, output: process.stdout, prompt: '> ' })
      rl.on('line', (line) => {
        if (line.trim()) send(line)
        rl?.prompt()
      })
      rl.on('SIGINT', sigint)
      rl.on('close', sigint)
      rl.prompt()
      await closed
      rl.close()
      rl = undefined
      // The prompt is still on the last line: the close line takes its place.
      readline.clearLine(process.stdout, 0)
      readline.cursorTo(process.stdout, 0)
    } else {
      const lines = readline.createInterface({ input: options.input ?? process.stdin })
      // The server may close first (DELETE @connections, a timeout): stop reading, report the close.
      void closed.then(() => lines.close())
      for await (const line of lines) if (line.trim()) send(line)
      await Promise.race([closed, new Promise((r) => setTimeout(r, wait * 1000))])
      await closeSocket(socket)
    }
  } finally {
    process.off('SIGINT', sigint)
  }
  const { code, reason } = await closed
  out.info(out.colors.dim(closeLine(code, reason)))
  return 0
}
