/**
 * @module The Node.js sandbox bootstrap, embedded as text so it ships in dist without a copy step. It plays the
 * part of AWS's runtime interface client: load the handler like the managed runtime does (CommonJS or ESM, nested
 * folders, `default` fallback), build `context`, frame console output, and report results over the IPC channel.
 * Written to `dataDir/lambda/runtime/node-bootstrap.mjs` and started with `child_process.fork`.
 * @see https://docs.aws.amazon.com/lambda/latest/dg/nodejs-handler.html
 * @see https://github.com/aws/aws-lambda-nodejs-runtime-interface-client
 */

/** Written after each init and invocation so the parent knows the logs so far belong to it. */
export const LOG_MARK = '\u001e\u001eLAMBDA-END\u001e\n'

// No backticks or dollar-braces below: this is a String.raw template.
export const NODE_BOOTSTRAP = String.raw`
import dns from 'node:dns'
import fs from 'node:fs'
import path from 'node:path'
import util from 'node:util'
import { createRequire } from 'node:module'
import { pathToFileURL } from 'node:url'

const MARK = '\u001e\u001eLAMBDA-END\u001e\n'
const env = process.env
const taskRoot = env.LAMBDA_TASK_ROOT
const handlerString = env._HANDLER || ''
const major = Number((/nodejs(\d+)/.exec(env.AWS_EXECUTION_ENV || '') || [])[1] || 0)
// Node.js 24 removed callback handlers and context.done/succeed/fail.
const legacy = major < 24

// Browsers and curl resolve *.localhost to loopback; Node does not, so do it here (the local cloud's hosts).
const isLocal = (h) => typeof h === 'string' && (h === 'localhost' || h.endsWith('.localhost'))
const lookup = dns.lookup
dns.lookup = function (hostname, options, callback) {
  if (typeof options === 'function') { callback = options; options = {} }
  if (isLocal(hostname)) {
    if (options && typeof options === 'object' && options.all) process.nextTick(callback, null, [{ address: '127.0.0.1', family: 4 }])
    else process.nextTick(callback, null, '127.0.0.1', 4)
    return {}
  }
  return lookup.call(this, hostname, options, callback)
}
const promisesLookup = dns.promises.lookup
dns.promises.lookup = function (hostname, options) {
  if (isLocal(hostname)) {
    const one = { address: '127.0.0.1', family: 4 }
    return Promise.resolve(options && typeof options === 'object' && options.all ? [one] : one)
  }
  return promisesLookup.call(this, hostname, options)
}

// Console lines as the managed runtime frames them: timestamp, request id, level.
// AWS quirk: output during init carries the request id "undefined".
let requestId
const out = process.stdout
// Whether anything was written since the last report: a silent invocation skips the end-of-output mark, so
// the cloud does not wait on the pipe for it (two fewer writes and reads per request).
let wrote = false
const rawWrite = out.write.bind(out)
for (const stream of [process.stdout, process.stderr]) {
  const write = stream.write.bind(stream)
  stream.write = (...args) => { wrote = true; return write(...args) }
}
const levels = { log: 'INFO', info: 'INFO', warn: 'WARN', error: 'ERROR', debug: 'DEBUG', trace: 'TRACE' }
for (const [method, level] of Object.entries(levels)) {
  console[method] = (...args) => { out.write(new Date().toISOString() + '\t' + requestId + '\t' + level + '\t' + util.format(...args) + '\n') }
}
process.stderr.write = out.write.bind(out)

class RuntimeError extends Error {
  constructor(name, message, stack) { super(message); this.name = name; if (stack) this.stack = stack }
}

function formatError(err) {
  try {
    if (err instanceof Error) return { errorType: err.name, errorMessage: err.message, trace: (err.stack || '').split('\n') }
    return { errorType: typeof err, errorMessage: String(err), trace: [] }
  } catch {
    return { errorType: 'handled', errorMessage: 'callback called with Error argument, but there was a problem while retrieving one or more of its message, name, and stack', trace: [] }
  }
}

// Results go back over Node's IPC channel (leaner than a pair of pipes as Node streams, measured), but on AWS a
// handler has no process.send: the runtime keeps it to itself.
const ipcSend = process.send.bind(process)
delete process.send

function send(message, then) {
  message.logged = wrote
  if (wrote) rawWrite(MARK)
  wrote = false
  // Max Memory Used: the peak, from one getrusage call (memoryUsage() reads /proc on every call).
  message.rss = process.resourceUsage().maxRSS * 1024
  ipcSend(message, then)
}

async function loadHandler() {
  if (handlerString.includes('..')) {
    throw new RuntimeError('Runtime.MalformedHandlerName', "'" + handlerString + "' is not a valid handler name. Use absolute paths when specifying root directories in handler names.")
  }
  const base = path.basename(handlerString)
  const moduleRoot = handlerString.slice(0, handlerString.length - base.length)
  const dot = base.indexOf('.')
  if (dot < 0) throw new RuntimeError('Runtime.MalformedHandlerName', 'Bad handler ' + handlerString)
  const moduleName = base.slice(0, dot)
  const handlerName = base.slice(dot + 1)
  const full = path.resolve(taskRoot, moduleRoot, moduleName)
  let mod
  try {
    for (const ext of ['', '.js', '.mjs', '.cjs']) {
      const file = full + ext
      if (fs.existsSync(file) && fs.statSync(file).isFile()) { mod = await import(pathToFileURL(file).href); break }
    }
    if (!mod) {
      const require = createRequire(path.join(taskRoot, 'bootstrap.js'))
      mod = require(require.resolve(moduleName, { paths: [taskRoot, path.join(taskRoot, moduleRoot)] }))
    }
  } catch (err) {
    if (err instanceof SyntaxError) throw new RuntimeError('Runtime.UserCodeSyntaxError', String(err), err.stack)
    if (err && (err.code === 'MODULE_NOT_FOUND' || err.code === 'ERR_MODULE_NOT_FOUND')) throw new RuntimeError('Runtime.ImportModuleError', String(err))
    throw err
  }
  const find = (root) => handlerName.split('.').reduce((node, key) => (node && (typeof node === 'object' || typeof node === 'function') ? node[key] : undefined), root)
  let handler = find(mod)
  if (!handler && mod && typeof mod === 'object' && 'default' in mod) handler = find(mod.default)
  if (!handler) throw new RuntimeError('Runtime.HandlerNotFound', handlerString + ' is undefined or not exported')
  if (typeof handler !== 'function') throw new RuntimeError('Runtime.HandlerNotFound', handlerString + ' is not a function')
  if (!legacy && handler.length >= 3) {
    throw new RuntimeError('Runtime.CallbackHandlerDeprecated', 'ERROR: AWS Lambda has removed support for callback-based function handlers starting with Node.js 24. You need to modify this function to use a supported handler signature to use Node.js 24 or later. For more information see https://docs.aws.amazon.com/lambda/latest/dg/nodejs-handler.html.')
  }
  return handler
}

let handler
let current // request id of the invocation in flight

function fatal(error) {
  console.error(error.errorType === 'Runtime.UnhandledPromiseRejection' ? 'Unhandled Promise Rejection' : 'Uncaught Exception', JSON.stringify({ errorType: error.errorType, errorMessage: error.errorMessage, stack: error.trace }))
  // 'exiting' tells the parent not to hand this sandbox another invocation.
  const message = current ? { type: 'result', requestId: current, ok: false, error, exiting: true } : { type: 'initError', error }
  send(message, () => process.exit(129))
  setTimeout(() => process.exit(129), 500).unref()
}
process.on('uncaughtException', (err) => fatal(formatError(err)))
process.on('unhandledRejection', (reason) => {
  const text = reason instanceof Error ? reason.name + ': ' + reason.message : String(reason)
  const err = new RuntimeError('Runtime.UnhandledPromiseRejection', text, reason instanceof Error ? reason.stack : undefined)
  fatal(formatError(err))
})
process.on('disconnect', () => process.exit(0))

// The cloud may send the next invocation before this one ends: it waits here, and runs when this one has answered.
const queued = []
let running = false
function runNext() {
  running = queued.length > 0
  if (running) invoke(queued.shift())
}

function invoke(msg) {
  requestId = current = msg.requestId
  // The timeout runs from the start of this invocation, not from when it was sent.
  const deadline = Date.now() + (msg.timeoutMs || 0)
  let event = null
  try { event = JSON.parse(msg.event) } catch { event = msg.event }
  let finished = false
  let waiter
  const finish = (err, result) => {
    if (finished) return
    finished = true
    if (waiter) { process.removeListener('beforeExit', waiter); waiter = undefined; process.channel && process.channel.ref() }
    let payload
    if (err === null || err === undefined) {
      try { payload = JSON.stringify(result === undefined ? null : result) } catch { err = new RuntimeError('Runtime.JSONStringifyError', 'Unable to stringify response body') }
    }
    current = undefined
    if (payload !== undefined) send({ type: 'result', requestId: msg.requestId, ok: true, payload })
    else {
      const error = formatError(err)
      console.error('Invoke Error', '\t' + JSON.stringify({ errorType: error.errorType, errorMessage: error.errorMessage, stack: error.trace }))
      send({ type: 'result', requestId: msg.requestId, ok: false, error })
    }
    runNext()
  }
  const context = {
    functionName: env.AWS_LAMBDA_FUNCTION_NAME,
    functionVersion: env.AWS_LAMBDA_FUNCTION_VERSION,
    invokedFunctionArn: msg.invokedFunctionArn,
    memoryLimitInMB: env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE, // AWS quirk: a string, not a number
    awsRequestId: msg.requestId,
    logGroupName: env.AWS_LAMBDA_LOG_GROUP_NAME,
    logStreamName: env.AWS_LAMBDA_LOG_STREAM_NAME,
    identity: undefined,
    clientContext: msg.clientContext,
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
  }
  if (!legacy) {
    Promise.resolve().then(() => handler(event, context)).then((r) => finish(null, r), (e) => finish(e === undefined || e === null ? 'handled' : e))
    return
  }
  // Callback handlers answer when the event loop is empty unless callbackWaitsForEmptyEventLoop is false;
  // the IPC channel is unreferenced meanwhile so that 'beforeExit' can tell.
  let called
  const waitForEmptyLoop = () => {
    if (waiter || finished) return
    waiter = () => finish(called ? called[0] : null, called ? called[1] : undefined)
    process.channel && process.channel.unref()
    process.once('beforeExit', waiter)
  }
  const callback = (err, result) => {
    if (called) return
    called = [err, result]
    if (context.callbackWaitsForEmptyEventLoop) waitForEmptyLoop()
    else finish(err, result)
  }
  context.callbackWaitsForEmptyEventLoop = true
  context.done = (err, result) => finish(err, result)
  context.succeed = (result) => finish(null, result)
  context.fail = (err) => finish(err === undefined || err === null ? 'handled' : err)
  try {
    const r = handler(event, context, callback)
    if (r && typeof r.then === 'function') r.then((v) => finish(null, v), (e) => finish(e === undefined || e === null ? 'handled' : e))
    else waitForEmptyLoop()
  } catch (err) {
    finish(err)
  }
}

process.on('message', (msg) => {
  if (!msg) return
  if (msg.type === 'batch') { for (const one of msg.list) if (one && one.type === 'invoke') queued.push(one) }
  else if (msg.type === 'invoke') queued.push(msg)
  else return
  if (!running) runNext()
})

try {
  handler = await loadHandler()
  send({ type: 'ready' })
} catch (err) {
  const error = formatError(err)
  console.error('Init Error', JSON.stringify({ errorType: error.errorType, errorMessage: error.errorMessage, stack: error.trace }))
  send({ type: 'initError', error })
}
`
