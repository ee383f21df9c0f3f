/** @module Confirmation for commands that overwrite or delete: a prompt on a TTY, `--yes` otherwise. */
import { LabError } from '../runner/errors.js'
import type { LoadedLab } from '../runner/lab-manifest.js'
import { backupWorkspace } from '../runner/workspace.js'
import { t } from '../ui/i18n.js'
import type { Output } from '../ui/output.js'
import type { CommandContext } from './context.js'

/** Resolves when confirmed; throws a LabError when declined or when no TTY and no `--yes`. */
export async function confirmOrFail(out: Output, yes: boolean | undefined, question: string, command: string): Promise<void> {
  if (yes) return
  if (!out.interactive) throw new LabError(t('cli.confirm.needYes', { command }))
  if (!(await out.confirm(question))) throw new LabError(t('cli.confirm.cancelled'))
}

/**
 * `lab reset` and `lab solve` overwrite the learner's files: confirm, keep a backup, then let `overwrite` write
 * the new files. The workspace is remembered for the lab either way.
 */
export async function overwriteWorkspace(
  ctx: CommandContext,
  lab: LoadedLab,
  dir: string,
  options: { yes?: boolean; question: string; command: string },
  overwrite: () => void,
): Promise<void> {
  await confirmOrFail(ctx.out, options.yes, options.question, options.command)
  const backup = backupWorkspace(ctx.labHome, lab.manifest.id, dir)
  ctx.out.info(t('cli.backup.done', { dir: backup }))
  overwrite()
  ctx.progress.updateLab(lab.manifest.id, (p) => void (p.workspace ??= dir))
}
