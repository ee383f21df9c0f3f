/** @module Confirmation for commands that overwrite or delete: a prompt on a TTY, `--yes` otherwise. */
import { LabError } from '../runner/errors.js'
import { t } from '../ui/i18n.js'
import type { Output } from '../ui/output.js'

/** Resolves when confirmed; throws a LabError when declined or when no TTY and no `--yes`. */
export async function confirmOrFail(out: Output, yes: boolean | undefined, question: string, command: string): Promise<void> {
  if (yes) return
  if (!out.interactive) throw new LabError(t('cli.confirm.needYes', { command }))
  if (!(await out.confirm(question))) throw new LabError(t('cli.confirm.cancelled'))
}
