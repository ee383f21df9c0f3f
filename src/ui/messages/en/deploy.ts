/** @module English strings for the deploy area (keys are `deploy.*`) and the local cloud's lifecycle (`cloud.*`). */
export const deployMessages = {
  // lab cloud
  'cloud.badPort': 'LAB_CLOUD_PORT must be a port number (0-65535), not "{value}".',
  'cloud.unknownSubcommand': 'Unknown `lab cloud` command "{name}". Use `lab cloud start [--detach]`, `lab cloud stop`, `lab cloud status` or `lab cloud env`.',
  // Same words as PortInUseError in src/cloud/server.ts (the foreground start shows that one).
  'cloud.portOtherLabHome': 'Port {port} is taken by the local cloud of another LAB_HOME: its labs are not yours to change.',
  'cloud.portOtherLabHomeHint': 'Each LAB_HOME needs a port of its own (in a workshop, one per learner): set LAB_CLOUD_PORT, e.g. LAB_CLOUD_PORT={next}.',
  'cloud.portInUse': 'Port {port} on 127.0.0.1 is already in use. Stop whatever uses it, or pick another port with LAB_CLOUD_PORT=<port>.',
  'cloud.portFreeHint': 'Port {free} is free right now: export LAB_CLOUD_PORT={free} in every shell you run lab from.',
  'cloud.alreadyRunning': 'The local cloud is already running at {endpoint} (pid {pid}).',
  'cloud.startedDetached': 'Local cloud running at {endpoint} (pid {pid}). Log: {log}',
  'cloud.listening': 'Local cloud listening at {endpoint} (data in {dataDir}). Press Ctrl-C to stop.',
  'cloud.stopping': 'Stopping the local cloud ({signal})…',
  'cloud.notRunning': 'The local cloud is not running.',
  'cloud.stopped': 'Stopped the local cloud (pid {pid}).',
  'cloud.statusRunning': 'Local cloud running at {endpoint} (pid {pid}, data in {dataDir}).',
  'cloud.statusStopped': 'The local cloud is not running (data in {dataDir}). Start it with `lab cloud start --detach`.',
  'cloud.exitedEarly': 'The local cloud stopped while starting (exit code {code}).',
  'cloud.startTimeout': 'The local cloud did not become ready within {seconds} s.',
  'cloud.logTail': 'Last lines of {log}:',

  // targets and credentials
  'deploy.target.local': 'local cloud at {endpoint}',
  'deploy.target.localRegion': 'local cloud at {endpoint} (region {region})',
  'deploy.target.endpoint': 'endpoint {endpoint} ({region})',
  'deploy.target.endpointLabCloud': 'local cloud at {endpoint} ({region})',
  'deploy.endpointOutputsAsIs':
    '{endpoint} is not a local cloud of this project: the stack outputs name AWS hosts (…amazonaws.com), and the checks will use them as they are.',
  'deploy.badEndpoint': '--endpoint "{value}" is not an http:// or https:// URL with a host; use one like --endpoint http://localhost:4566',
  'deploy.endpointAndTarget':
    '--endpoint stands instead of --target: pass either --target {target} or --endpoint {endpoint}, not both.',
  'deploy.target.aws': 'AWS ({region}{profile})',
  'deploy.target.awsAccount': 'AWS account {account} ({region})',
  'deploy.noRegion':
    'No AWS region for --target aws. Pass --region (e.g. --region us-east-1), set AWS_REGION, or set a region for the profile with `aws configure`.',
  'deploy.noCredentials':
    'No AWS credentials found for --target aws. Configure them with `aws configure` or set AWS_PROFILE (or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY), then try again.',
  'deploy.badCredentials': 'AWS rejected the credentials ({code}): {message}',
  'deploy.badCredentialsHint': 'Check `aws sts get-caller-identity`{profile}; refresh expired SSO or session credentials with `aws sso login` or `aws configure`.',
  'deploy.serviceError': 'The AWS API refused the request ({code}): {message}',
  'deploy.unreachable': 'Could not reach {endpoint}: {message}',
  'deploy.tlsFailed':
    'Could not make a TLS (https) connection to {endpoint} ({code}): if the server speaks plain HTTP, use an http:// URL; else check its certificate.',
  'deploy.connectTimeout': 'Could not connect to {endpoint} within {seconds} s: check the network (and, for --endpoint, the address and that the server is running).',
  'deploy.noAnswer':
    'No answer from {endpoint} within {seconds} s: it accepted the connection but did not respond. Check that it is an AWS-compatible endpoint and that it is working.',

  // template and packaging
  'deploy.noTemplate': 'No template.yaml in {dir}.',
  'deploy.templateError': 'template.yaml:{line}:{col}: {message}',
  'deploy.templateNotMapping': 'template.yaml: the template must be a mapping with a Resources section.',
  'deploy.codeMissing': 'template.yaml: {resource} has Code: {path}, but there is no such file or folder in the workspace.',
  'deploy.codeEmpty': 'template.yaml: {resource} has Code: {path}, but that folder has no files.',

  // stacks
  'deploy.stackNotLive': 'Stack {stack} is {status} on {target}: its last deploy failed and was rolled back, so nothing of it is running.',
  'deploy.stackNotLiveHint': 'Fix what `lab deploy` reported (its first CREATE_FAILED event names the resource and the reason), then run `lab deploy` again.',
  'deploy.stackBusy': 'Stack {stack} is {status} on {target}: wait for that to finish, then try again.',
  'deploy.stackDeleteFailed': 'Stack {stack} is {status} on {target}: a teardown could not delete it.',
  'deploy.stackDeleteFailedHint': 'Run `lab teardown` again to see what remains, or `lab deploy` to bring the stack back.',
  'deploy.failed': 'Deploying {stack} failed: the stack is {status}.',
  'deploy.failedResource': '{resource} ({type}): {reason}',
  'deploy.rejected': 'CloudFormation rejected the template: {message}',
  'deploy.busy': '{stack} is busy ({status}). Wait for it to finish, then try again.',
  'deploy.deleteFailed': 'Deleting {stack} failed: the stack is {status}.',
  'deploy.missingOutput': 'The stack has no output "{output}" (needed by {needed}). Add it to template.yaml\'s Outputs.',
  'deploy.siteMissing': 'The site folder {dir} does not exist in the workspace.',
  // stale deployments named by `lab deploy` (the rest are `loop.stale.*`)
  'deploy.stale.resourcePolicy': "resource policy of {api} (Policy)",
  'deploy.stale.headlineParallel': "Stage {stage} of WebSocket API {api} serves deployment {deployment} (taken {at} UTC), which CloudFormation may have taken before these were in place:",
  'deploy.stale.unordered': "made at the same time as the deployment, which does not DependsOn it: may be missing from the snapshot",
  'deploy.stale.whyParallel': "CloudFormation creates resources in parallel unless one waits for another (`DependsOn`, or a `!Ref`/`!GetAtt` to it). Deployment `{current}` waited for none of these, so its snapshot may have been taken before they existed.",
  'deploy.stale.fixParallel': "Fix it in template.yaml: add them to the deployment's `DependsOn` ({ids}), give it a new logical id (e.g. `{next}`) so a new snapshot is taken, point the stage at it (`DeploymentId: !Ref {next}`), then `lab deploy`.",
  'deploy.stale.checkParallel': "This answer came from stage {stage}, whose deployment {deployment} CloudFormation made at the same time as {methods}: it does not DependsOn them, so its snapshot may lack them. Add {ids} to its `DependsOn`, give it a new logical id (e.g. {next}), reference it from the stage, and redeploy.",
} as const satisfies Record<string, string>
