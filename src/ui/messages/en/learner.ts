/** @module English strings that keep a learner oriented in the loop (keys are `learner.*`): which lab, which folder, which URL. */
export const learnerMessages = {
  'learner.unknown.command': "error: unknown command '{word}'.",
  'learner.unknown.didYouMean': 'Did you mean:',
} as const satisfies Record<string, string>
