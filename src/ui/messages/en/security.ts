/** @module English strings for the install's credentials: `lab cloud env`, the runner, `lab doctor` (keys `cloud.*`, `cli.*`). */
export const securityMessages = {
  'cli.cmd.cloudEnv': 'Print the local cloud\'s credentials and endpoint for other tools: eval "$(lab cloud env)"',
  'cloud.env.comment': 'The local cloud\'s credentials for the AWS CLI, SDKs and curl --aws-sigv4 (AWS_ENDPOINT_URL needs AWS CLI v2.13+; older: --endpoint-url {endpoint})',
  'cli.opt.cloudEnvAccount': 'which local account: main (default) or second (another account id, for cross-account cases)',
  'cloud.env.secondComment': 'Account {account}, the local cloud\'s second account: its root user can call STS and execute-api only (cross-account cases)',
  'cloud.env.unknownAccount': 'Unknown account "{name}". Use --account main or --account second.',
  'cloud.credentialsMissing': 'The local cloud has not made its credentials yet ({file} does not exist).',
  'cloud.credentialsMissingHint': 'Start it once with `lab cloud start --detach`: it makes them on its first start.',
  'cloud.credentialsDamaged':
    'The local cloud\'s credentials in {file} cannot be read. Move the file aside (mv "{file}" "{file}.bad"), then run `lab cloud stop` and `lab cloud start --detach`: the cloud makes new ones, and `eval "$(lab cloud env)"` gives them to your other tools.',
  'cli.doctor.credentials': 'Cloud credentials',
  'cli.doctor.credentialsOk': 'present and private (0600): {file}',
  'cli.doctor.credentialsNotYet': 'not made yet (the cloud makes them on its first start)',
  'cli.doctor.credentialsOpen': '{file} can be read by other users (mode {mode}): run chmod 600 "{file}"',
  'cli.doctor.credentialsRefused':
    'the cloud at {endpoint} refuses this install\'s credentials ({code}): it is not this LAB_HOME\'s cloud, or the file changed since it started. Restart it: lab cloud stop && lab cloud start --detach',
  'cli.doctor.credentialsAccepted': 'present, private (0600), accepted by the cloud at {endpoint}',
  'cli.doctor.anyCredentials': 'LAB_CLOUD_ANY_CREDENTIALS=1 is set: the cloud accepts any signature. Unset it unless a tool cannot be given credentials.',
}
