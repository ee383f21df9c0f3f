/** @module The shapes a sandbox deals in: its spec, an invocation, its outcome, and what its child says. */

export interface SandboxSpec {
  family: 'nodejs' | 'python'
  /** Node: the bootstrap module. Python: the bootstrap script. */
  bootstrap: string
  /** Python: the interpreter. */
  python?: string
  /** Node.js: the interpreter of the declared major when the machine has one (else this process's). */
  node?: string
  /** The task root on the host (the cwd it starts in; in a private root it is seen at /var/task). */
  taskRoot: string
  /** The plan of the sandbox's own root (src/common/sandbox-root.ts), where the machine gives it a mount namespace. */
  rootPlan?: string
  env: Record<string, string>
  /** Sandboxes of an older revision are not reused after an update. */
  revision: string
  timeoutMs: number
  /** MemorySize, in MB. */
  memoryMb: number
  /** When the temporary credentials in `env` expire (ms since the epoch): the sandbox is retired before. */
  credentialsExpire?: number
  /** Run before each cold start (the task root's check); throws to refuse the start. */
  prepare?: () => void
}

export interface InvokeRequest {
  requestId: string
  event: string
  invokedFunctionArn: string
  clientContext?: unknown
}

export interface InvokeOutcome {
  ok: boolean
  /** The response payload, or the JSON error document. */
  payload: string
  errorType?: string
  /** Function output for this invocation (init output first on a cold start). */
  logs: string
  durationMs: number
  initDurationMs?: number
  maxMemoryMb?: number
  /** The execution environment's CloudWatch log stream. */
  logStream?: string
}

export interface ChildMessage {
  type: 'ready' | 'initError' | 'result'
  requestId?: string
  ok?: boolean
  payload?: string
  error?: { errorType: string; errorMessage: string }
  rss?: number
  /** False when nothing was written since the last message: no end-of-output mark follows on the pipe. */
  logged?: boolean
  /** The runtime is about to exit (uncaught exception or unhandled rejection). */
  exiting?: boolean
}

/** What the sandbox hears from its child: a message, or that the child is gone. */
export type FromChild = ChildMessage | { type: 'exit'; reason: string }
