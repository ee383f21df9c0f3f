/** @module `lab watch [id]`: redeploy and recheck on every save; Enter or r reruns, q or Ctrl-C quits. */
import { selectLab, targetOptionsFor, type TargetFlags } from '../../runner/select.js'
import { checkLab, deployWorkspace, printCheckRun, workspaceOf } from '../../runner/session.js'
import { EventQueue, watchFiles, watchLoop } from '../../runner/watch.js'
import { LabError } from '../../runner/errors.js'
import { t } from '../../ui/i18n.js'
import { listenForKeys } from '../../ui/keys.js'
import type { CommandContext } from '../context.js'

export interface WatchOptions extends TargetFlags {
  id?: string
  browser?: boolean
}

export async function watch(ctx: CommandContext, options: WatchOptions): Promise<void> {
  const lab = await selectLab(ctx, options.id)
  const dir = workspaceOf(ctx, lab)
  const target = targetOptionsFor(options, ctx.progress.lab(lab.manifest.id))
  const browser = Boolean(options.browser)
  const queue = new EventQueue()
  const stopFiles = watchFiles(dir, (file) => queue.push({ kind: 'change', file }), {
    // Never silent: a learner whose saves go unseen thinks their fix does not work.
    onError: (error) => ctx.out.warn(t('loop.watch.fellBack', { message: error.message })),
  })
  const stopKeys = listenForKeys((key) => {
    // Ctrl-C behaves as in cooked mode: a real SIGINT (the first one quits after the current run, a second
    // one ends the process, and Node restores the terminal on the way out).
    if (key === 'interrupt') process.kill(process.pid, 'SIGINT')
    else queue.push(key === 'quit' ? { kind: 'quit' } : { kind: 'rerun' })
  })
  const onSignal = () => queue.push({ kind: 'quit' })
  process.once('SIGINT', onSignal)
  process.once('SIGTERM', onSignal)
  try {
    await watchLoop(queue, async (reason) => {
      if (reason?.kind === 'change') ctx.out.info(ctx.out.colors.dim(t('cli.watch.changed', { file: reason.file })))
      try {
        await deployWorkspace(ctx, lab, { target, dir })
        ctx.out.info()
        printCheckRun(ctx, await checkLab(ctx, lab, { target, browser }), browser, { watching: true })
      } catch (err) {
        // A broken save (or a hiccup reaching the cloud) must not end the watch: report it, wait for the next save.
        if (err instanceof LabError) {
          ctx.out.error(err.message)
          for (const line of err.details) ctx.out.note(`  ${line}`)
        } else ctx.out.error(t('cli.error.unexpected', { message: err instanceof Error ? err.message.split('\n')[0] : String(err) }))
      }
      ctx.out.info()
      ctx.out.info(ctx.out.colors.dim(t('cli.watch.waiting', { dir })))
    })
  } finally {
    stopFiles()
    stopKeys()
    process.off('SIGINT', onSignal)
    process.off('SIGTERM', onSignal)
  }
}
