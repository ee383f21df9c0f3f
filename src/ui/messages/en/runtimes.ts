/** @module English strings about the local interpreters Lambda functions run on (`runtimes.*`). */
export const runtimeMessages = {
  'runtimes.older':
    'Note: on this machine, {functions} ({runtime}) run on {local}, not {runtime}. Code that needs newer language features can fail here and still work on AWS. To run them on {runtime} locally, install it ({hint}) and deploy again.',
  'runtimes.olderOne':
    'Note: on this machine, {functions} ({runtime}) runs on {local}, not {runtime}. Code that needs newer language features can fail here and still work on AWS. To run it on {runtime} locally, install it ({hint}) and deploy again.',
  'runtimes.hintPython': 'for example `pyenv install {version}`, then `python{version} -m pip install boto3`, which AWS\'s runtime includes',
  'runtimes.hintNode': 'for example `nvm install {version}`, `fnm install {version}` or `volta install node@{version}`',
  'runtimes.doctorTitle': 'Lambda runtimes',
  'runtimes.doctorAllExact': 'every runtime the labs use runs on its own version here ({runtimes})',
  'runtimes.doctorOlder': '{runtime} runs on {local} here ({hint})',
} as const satisfies Record<string, string>
