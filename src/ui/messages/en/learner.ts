/** @module English strings that keep a learner oriented in the loop (keys are `learner.*`): which lab, which folder, which URL. */
export const learnerMessages = {
  'learner.unknown.command': "error: unknown command '{word}'.",
  'learner.unknown.didYouMean': 'Did you mean:',
  'learner.call.resolved': "{method} {url} (lab {lab}'s ApiUrl)",
  'learner.check.undeployed': 'Your workspace changed since the last deploy ({files}): run `lab deploy {lab}` first. The checks below run against what is deployed.',
  'learner.deploy.from': 'From the workspace {dir}',
  'learner.deploy.starterCopy': 'This folder ({here}) is the project\'s starter copy of lab {copyLab}, not a workspace: edits here are never deployed. `lab deploy {lab}` deploys the workspace {workspace}: edit the files there.',
  'learner.deploy.solutionCopy': 'This folder ({here}) is the project\'s solution copy of lab {copyLab}, not a workspace: edits here are never deployed. `lab deploy {lab}` deploys the workspace {workspace}: edit the files there (`lab solve {copyLab}` copies the solution into the workspace).',
  'learner.select.folderNotLast': "Lab {lab} (this folder's workspace); you started {last} last: `cd {dir}` or `{command}`.",
  'learner.select.folderNotLastCommand': "Lab {lab} (this folder's workspace); you started {last} last: `{command}`.",
  'learner.select.folderNotLastCd': "Lab {lab} (this folder's workspace); you started {last} last: `cd {dir}` to work on it.",
  'learner.home.noLab': "Which lab? This folder is a lab workspace of another LAB_HOME, and this shell's LAB_HOME ({own}) has no lab in progress.",
  'learner.home.usingOwn': "This folder is a lab workspace of another LAB_HOME; this command uses lab {lab} of this shell's LAB_HOME ({own}) instead.",
  'learner.home.otherLab': 'This folder is the workspace of lab {lab} in LAB_HOME {home}.',
  'learner.home.other': 'This folder lies in a lab workspace of LAB_HOME {home}.',
  'learner.home.exportWithPort': 'To work on it, run in this shell: export LAB_HOME={home} LAB_CLOUD_PORT={port} (that LAB_HOME\'s local cloud uses port {port}; each LAB_HOME needs a port of its own).',
  'learner.home.export':
    'To work on it, run in this shell: export LAB_HOME={home} LAB_CLOUD_PORT=<port>, with the port you used for it (each LAB_HOME needs a local cloud port of its own; 4599 when LAB_CLOUD_PORT is unset; `lab doctor` says whether it is free).',
} as const satisfies Record<string, string>
