/** @module English strings for the deploy area (keys are `deploy.*`). */
export const deployMessages: Record<string, string> = {}
