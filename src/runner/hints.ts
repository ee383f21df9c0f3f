/** @module Hint levels: which hint comes next, given how many the learner has already seen. */

/** `level` = hints already shown. Past the end, the last hint repeats (and says it is the last). */
export function nextHint(level: number, count: number): { index: number; last: boolean } {
  const index = Math.max(0, Math.min(Math.floor(level), count - 1))
  return { index, last: index === count - 1 }
}
