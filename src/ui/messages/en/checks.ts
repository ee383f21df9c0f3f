/** @module English strings for the checks area (keys are `checks.*`). */
export const checkMessages = {
  // Validation of lab.yaml check specs (shown to lab authors).
  'checks.spec.notObject': 'check #{index}: must be a mapping with id, title and kind',
  'checks.spec.badId': 'check #{index}: id must be lower-case letters, digits and dashes (got {value})',
  'checks.spec.duplicateId': 'check {id}: the id is used twice',
  'checks.spec.missing': 'check {id}: {field} is required',
  'checks.spec.type': 'check {id}: {field} must be {type}',
  'checks.spec.unknownKind': 'check {id}: unknown kind "{kind}" (known: {known})',
  'checks.spec.badPlaceholder': 'check {id}: {field} has an unknown placeholder {placeholder} (use ${outputs.Name} or ${origin:outputs.Name})',
  'checks.spec.forbiddenHeader': 'check {id}: {field} sets {header}, which browsers do not let a page set',
  'checks.spec.badValue': 'check {id}: {field} {problem}',

  // Shared.
  'checks.missingOutput': 'The stack has no output named {name} (it has: {available}).',
  'checks.missingOutput.why': 'The check reads its URL from the stack outputs: deploy the lab first, and keep the Outputs section of template.yaml.',
  'checks.crashed': 'The check could not run: {error}',
  'checks.networkError': '{method} {url} {error}',
  'checks.why.serverError':
    'API Gateway answered {status} itself: the integration behind the method failed, so there was nothing to read, and no CORS ' +
    'header either (a browser reports that as a CORS error). With a Lambda proxy integration a 502 means the function threw an ' +
    'error, timed out, or returned something other than {statusCode, headers, body}; a 504, that it took longer than the ' +
    "integration's timeout. The function's log says which.",
  'checks.why.backendError':
    'The backend answered {status} itself, and a proxy integration passes that through untouched (API Gateway adds no ' +
    'CORS header to it either). Look at what the function or HTTP backend logged for this request.',
  'checks.networkError.why': 'Nothing answered at this address. Is the stack deployed and, for the local target, is the local cloud running (`lab cloud status`)?',

  // http
  'checks.http.passed': '{method} {url} answered {status}.',
  'checks.http.badStatus': '{method} {url} answered {status}, expected {expected}.',
  'checks.http.missingText': 'The response to {method} {url} does not contain "{text}".',
  'checks.http.notJson': 'The response to {method} {url} is not JSON: {error}',
  'checks.http.jsonPathMissing': 'The JSON response has nothing at {path}.',
  'checks.http.jsonPathValue': 'The JSON response has {actual} at {path}, expected {expected}.',
  'checks.http.headerMissing': 'The response has no {header} header.',
  'checks.http.headerPresent': 'The response has a {header} header ({value}), expected none.',
  'checks.http.headerValue': 'The response header {header} is "{value}", expected it to contain "{expected}".',
  'checks.http.expected': 'HTTP {status}{extra}',
  'checks.http.badStatusMessage': '{method} {url} answered {status} "{message}", expected {expected}.',

  // Requests that prove who sends them (request.sign / request.cognito / request.bearer).
  'checks.auth.noTarget': 'This check signs its request with the target\'s credentials, and none were given to it.',
  'checks.auth.signInFailed': 'Could not sign in as {user} to the user pool: {error}',
  'checks.auth.noteToken': '<the {token} token of {user}>',
  'checks.auth.noteSigned': '<SigV4 signature with your credentials>',
  'checks.auth.noteSignedAs': '<SigV4 signature with access key {key}>',

  // sequence
  'checks.sequence.step': 'Request {step} of {total}:',
  'checks.sequence.differs': 'The answers differ at {path}: {first} in the first, {value} in request {step}.',
  'checks.sequence.passed': '{count} requests answered as expected.',
  'checks.sequence.passedSame': '{count} requests answered as expected, all with {value} at {path}.',

  // cors
  'checks.cors.passed': 'The browser lets a page at {origin} read the response to {method} {url} ({summary}).',
  'checks.cors.sameOrigin': 'Same-origin request: the browser applies no CORS rules.',
  'checks.cors.badStatus': 'CORS let the page read the response, but {method} {url} answered {status}, expected {expected}.',
  'checks.cors.unreadableHeader': 'CORS let the page read the body, but script cannot read the {header} header: add it to Access-Control-Expose-Headers.',
  'checks.cors.expected.simple': 'A {method} from {origin} is a simple request (no preflight): its response must carry Access-Control-Allow-Origin: {allow}.',
  'checks.cors.expected.preflight':
    'A {method} from {origin} with {reasons} needs a preflight: OPTIONS must answer 2xx with Access-Control-Allow-Origin: {allow}, {needs}; then the {method} response must carry Access-Control-Allow-Origin too.',
  'checks.cors.expected.methods': 'Access-Control-Allow-Methods including {method}',
  'checks.cors.expected.headers': 'Access-Control-Allow-Headers including {names}',
  'checks.cors.and': ' and ',
  'checks.cors.reason.method': 'the method {method}',
  'checks.cors.reason.headers': 'the header(s) {names}',
  'checks.cors.allow.any': "'*' or '{origin}'",
  'checks.cors.allow.credentials': "'{origin}' (not '*': credentials are included) plus Access-Control-Allow-Credentials: true",
  'checks.cors.summary.preflight': 'preflight OPTIONS → {preflight}, {method} → {status}',
  'checks.cors.summary.simple': 'no preflight needed, {method} → {status}',

  // Why it matters, per Chrome CORS error (labs can override per check with `why:`).
  'checks.cors.why.MissingAllowOriginHeader':
    'The browser received the response but hides it from the page, because nothing in it says this origin may read it. curl shows the data because curl does not enforce CORS. With a Lambda proxy integration, API Gateway returns your function\'s headers untouched: the function itself must add Access-Control-Allow-Origin.',
  'checks.cors.why.PreflightMissingAllowOriginHeader':
    'The browser asked OPTIONS first and the answer carried no Access-Control-Allow-Origin. If the resource has no OPTIONS method, API Gateway answers with a 403 gateway response ("Missing Authentication Token") that has no CORS headers; add an OPTIONS method (a MOCK integration is enough) and redeploy.',
  'checks.cors.why.PreflightInvalidStatus':
    'The preflight answer had the CORS headers but not a 2xx status. A preflight carries no credentials, so it must not need an authorizer or an API key.',
  'checks.cors.why.PreflightDisallowedRedirect': 'Browsers never follow a redirect for a preflight: answer OPTIONS directly.',
  'checks.cors.why.HeaderDisallowedByPreflightResponse':
    'Every non-safelisted request header must be named in the preflight\'s Access-Control-Allow-Headers (case does not matter; `*` works only without credentials, and never covers Authorization).',
  'checks.cors.why.MethodDisallowedByPreflightResponse':
    'The preflight\'s Access-Control-Allow-Methods must list the method exactly as sent (upper case). GET, HEAD and POST are always allowed.',
  'checks.cors.why.AllowOriginMismatch':
    'Access-Control-Allow-Origin must be exactly the page\'s origin (scheme, host and port, no path, no trailing slash) or `*`.',
  'checks.cors.why.PreflightAllowOriginMismatch':
    'The preflight\'s Access-Control-Allow-Origin must be exactly the page\'s origin (scheme, host and port, no trailing slash) or `*`.',
  'checks.cors.why.MultipleAllowOriginValues':
    'Access-Control-Allow-Origin may hold one origin only. Two headers (for example one from the function and one from API Gateway) or a list both fail; echo the one matching origin instead.',
  'checks.cors.why.WildcardOriginNotAllowed':
    'With credentials (cookies, credentials: "include") the wildcard `*` is refused: the server must name the origin and send Access-Control-Allow-Credentials: true.',
  'checks.cors.why.InvalidAllowCredentials':
    'A request with credentials needs Access-Control-Allow-Credentials: true (lower case) in the response.',
  'checks.cors.why.default': 'The browser enforces CORS on behalf of the user: the API must opt in with Access-Control-* headers.',

  // browser
  'checks.browser.skipped.flag': 'Skipped: browser checks run with `lab check --browser`.',
  'checks.browser.skipped.noChromium': 'No Chromium found (install the `chromium` package or set CHROMIUM_PATH).',
  'checks.browser.passed': 'The page at {url} shows what it should.',
  'checks.browser.loadFailed': 'The browser could not load {url}: {error}',
  'checks.browser.timeout': 'The page never showed {selector} within {seconds} s.',
  'checks.browser.missing': 'The page does not show {selector}{text}.',
  'checks.browser.withText': ' with the text "{text}"',
  'checks.browser.expected': 'The page shows {items}.',
  'checks.browser.pageText': 'page text: {text}',
  'checks.browser.emptyPage': '(empty)',
  'checks.browser.why': 'This is the real browser: its console messages above are what the learner sees in DevTools (F12).',

  // stack-output
  'checks.output.passed': 'The stack output {name} is {value}.',
  'checks.output.mismatch': 'The stack output {name} is {value}, which does not match {pattern}.',

  // How a response is shown under a failing check.
  'checks.format.noCorsHeaders': '(no Access-Control-* headers)',
  'checks.format.body': 'body',
  // the step footer after a check of an earlier step fails again
  'checks.step.back': 'Back to step {n} of {total}: {title} (a check of it fails now)',
  'checks.step.goal': 'Goal of this step, once it works again:',
} as const satisfies Record<string, string>
