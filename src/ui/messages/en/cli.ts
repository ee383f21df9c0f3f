/** @module English strings for the cli area (keys are `cli.*`). */
export const cliMessages: Record<string, string> = {}
