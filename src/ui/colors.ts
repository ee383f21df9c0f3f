/** @module Colour decisions: off under NO_COLOR or without a TTY, so logs and pipes stay plain text. */
import { Chalk, supportsColor, type ChalkInstance } from 'chalk'

/** @see https://no-color.org/ — any non-empty NO_COLOR disables colour; FORCE_COLOR wins for CI logs that render ANSI. */
export function colorLevel(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv = process.env): 0 | 1 | 2 | 3 {
  // An empty FORCE_COLOR counts as unset (chalk reads it as "force"; a blanked variable should not).
  if (env.FORCE_COLOR && env.FORCE_COLOR !== '0' && env.FORCE_COLOR !== 'false') {
    const n = Number(env.FORCE_COLOR)
    return n >= 1 && n <= 3 ? (n as 1 | 2 | 3) : 1
  }
  if (env.NO_COLOR) return 0
  if (!stream.isTTY) return 0
  return supportsColor ? supportsColor.level : 1
}

export function makeColors(level: 0 | 1 | 2 | 3): ChalkInstance {
  return new Chalk({ level })
}

export type { ChalkInstance }
