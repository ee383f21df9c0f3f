/** @module English strings for the learner's loop (keys are `loop.*`): watch, stale deployments, teardown, interruption. */
export const loopMessages: Record<string, string> = {
  'loop.watch.fellBack': 'The file watcher failed ({message}): watching by polling instead (saves show up within a second).',
  'loop.watch.pollFailed': 'Watching by polling failed too ({message}): saves may go unseen; press Enter to redeploy by hand.',
}
