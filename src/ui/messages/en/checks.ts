/** @module English strings for the checks area (keys are `checks.*`). */
export const checkMessages: Record<string, string> = {}
