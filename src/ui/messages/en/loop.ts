/** @module English strings for the learner's loop (keys are `loop.*`): watch, stale deployments, teardown, interruption. */
export const loopMessages: Record<string, string> = {
  'loop.watch.fellBack': 'The file watcher failed ({message}): watching by polling instead (saves show up within a second).',
  'loop.watch.pollFailed': 'Watching by polling failed too ({message}): saves may go unseen; press Enter to redeploy by hand.',
  'loop.path.missing': 'The `lab` command is not on your PATH yet, so the commands above will not run as printed. Run `npm link` once in {dir} (see its README), then use `lab …` from any folder.',
  'loop.path.other': 'Another program named `lab` comes first on your PATH, so the commands above would run it instead. Run `npm link` once in {dir} and put npm\'s global bin folder (`npm prefix -g`/bin) before it.',
  'loop.teardown.logGroups': 'Deleted {count} log group(s) the functions and APIs wrote outside the stack: {names}',
}
