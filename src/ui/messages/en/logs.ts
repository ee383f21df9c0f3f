/** @module English strings for `lab logs` (keys are `logs.*`): the lab's functions' CloudWatch Logs. */
export const logsMessages = {
  'logs.cmd': "Show what the lab's Lambda functions logged (CloudWatch Logs), each line with its function and time",
  'logs.opt.function': 'only this function (its logical id in template.yaml, e.g. SendMessageFunction)',
  'logs.opt.since': 'how far back to start: a number and s, m, h or d (default 10m)',
  'logs.opt.follow': 'keep waiting for new lines until Ctrl+C',
  'logs.badSince': '--since must be a number followed by s, m, h or d, e.g. 30s, 10m, 2h (got "{value}")',
  'logs.noFunctions': 'The stack of lab {lab} has no Lambda functions: there are no function logs to show.',
  'logs.unknownFunction': 'The stack of lab {lab} has no function {name}. Its functions: {functions}.',
  'logs.none': 'No function logged anything in the last {since}. Call the API (or wait for a check), then run lab logs again.',
  'logs.following': 'Waiting for new log lines of {functions} (Ctrl+C to stop)…',
} as const satisfies Record<string, string>
