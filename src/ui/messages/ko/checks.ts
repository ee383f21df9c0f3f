/**
 * @module Korean strings for the checks area (`checks.*`), typed from the English file. Chrome's console
 * messages and AWS's error messages are not here: they reach the learner verbatim, in English, as the real
 * browser and AWS show them; these texts explain them.
 */
import type { Translation } from '../../i18n.js'
import type { checkMessages } from '../en/checks.js'

export const checkMessagesKo: Translation<typeof checkMessages> = {
  // Validation of lab.yaml check specs (shown to lab authors).
  'checks.spec.notObject': '검사 #{index}: id, title, kind가 있는 매핑이어야 합니다',
  'checks.spec.badId': '검사 #{index}: id에는 영문 소문자, 숫자, 대시만 쓸 수 있습니다(지금 값: {value})',
  'checks.spec.duplicateId': '검사 {id}: 같은 id가 두 번 나옵니다',
  'checks.spec.missing': '검사 {id}: {field}이(가) 필요합니다',
  'checks.spec.type': '검사 {id}: {field}은(는) {type}이어야 합니다',
  'checks.spec.unknownKind': '검사 {id}: 알 수 없는 kind "{kind}"(사용할 수 있는 값: {known})',
  'checks.spec.badPlaceholder': '검사 {id}: {field}에 알 수 없는 자리 표시자 {placeholder}이(가) 있습니다(${outputs.Name} 또는 ${origin:outputs.Name}을 사용하세요)',
  'checks.spec.forbiddenHeader': '검사 {id}: {field}이(가) {header} 헤더를 설정하는데, 브라우저는 페이지가 이 헤더를 설정하도록 허용하지 않습니다',
  'checks.spec.badValue': '검사 {id}: {field} {problem}',

  // Shared.
  'checks.missingOutput': '스택에 {name}(이)라는 출력이 없습니다(있는 출력: {available}).',
  'checks.missingOutput.why': '검사는 스택 출력에서 URL을 읽습니다. 먼저 실습을 배포하고, template.yaml의 Outputs 섹션은 그대로 두세요.',
  'checks.crashed': '검사를 실행할 수 없습니다: {error}',
  'checks.networkError': '{method} {url} {error}',
  'checks.why.serverError':
    'API Gateway가 직접 {status}(으)로 응답했습니다. 메서드 뒤의 통합이 실패해서 읽을 응답이 없었고, CORS 헤더도 없었습니다(브라우저는 ' +
    '이것을 CORS 오류로 보고합니다). Lambda 프록시 통합에서 502는 함수가 오류를 던졌거나, 시간 초과되었거나, {statusCode, headers, body} ' +
    '형태가 아닌 값을 반환했다는 뜻입니다. 504는 통합의 제한 시간보다 오래 걸렸다는 뜻입니다. 어느 쪽인지는 함수 로그에 나옵니다.',
  'checks.why.backendError':
    '백엔드가 직접 {status}(으)로 응답했고, 프록시 통합은 이 응답을 그대로 전달합니다(API Gateway가 CORS 헤더를 더하지도 않습니다). ' +
    '이 요청에 대해 함수나 HTTP 백엔드가 남긴 로그를 확인하세요.',
  'checks.networkError.why': '이 주소에서 아무것도 응답하지 않았습니다. 스택이 배포되어 있나요? 로컬 대상이라면 로컬 클라우드가 실행 중인가요(`lab cloud status`)?',

  // http
  'checks.http.passed': '{method} {url}이(가) {status}(으)로 응답했습니다.',
  'checks.http.badStatus': '{method} {url}이(가) {status}(으)로 응답했습니다. 기대한 상태 코드는 {expected}입니다.',
  'checks.http.missingText': '{method} {url}의 응답에 "{text}"이(가) 없습니다.',
  'checks.http.notJson': '{method} {url}의 응답이 JSON이 아닙니다: {error}',
  'checks.http.jsonPathMissing': 'JSON 응답의 {path}에 값이 없습니다.',
  'checks.http.jsonPathValue': 'JSON 응답의 {path} 값이 {actual}입니다. 기대한 값은 {expected}입니다.',
  'checks.http.headerMissing': '응답에 {header} 헤더가 없습니다.',
  'checks.http.headerPresent': '응답에 {header} 헤더({value})가 있습니다. 없어야 합니다.',
  'checks.http.headerValue': '응답 헤더 {header}의 값이 "{value}"입니다. "{expected}"이(가) 들어 있어야 합니다.',
  'checks.http.expected': 'HTTP {status}{extra}',
  'checks.http.badStatusMessage': '{method} {url}이(가) {status} "{message}"(으)로 응답했습니다. 기대한 상태 코드는 {expected}입니다.',

  // 자신이 누구인지 증명하는 요청(request.sign / request.cognito / request.bearer)
  'checks.auth.noTarget': '이 검사는 대상의 자격 증명으로 요청에 서명하는데, 검사에 자격 증명이 전달되지 않았습니다.',
  'checks.auth.signInFailed': '사용자 풀에 {user}(으)로 로그인하지 못했습니다: {error}',
  'checks.auth.noteToken': '<{user}의 {token} 토큰>',
  'checks.auth.noteSigned': '<내 자격 증명으로 만든 SigV4 서명>',
  'checks.auth.noteSignedAs': '<액세스 키 {key}(으)로 만든 SigV4 서명>',

  // sequence
  'checks.sequence.step': '요청 {step}/{total}:',
  'checks.sequence.differs': '응답의 {path} 값이 다릅니다. 첫 번째 응답은 {first}, {step}번째 응답은 {value}입니다.',
  'checks.sequence.passed': '요청 {count}개가 모두 기대한 대로 응답했습니다.',
  'checks.sequence.passedSame': '요청 {count}개가 모두 기대한 대로 응답했고, {path} 값이 모두 {value}입니다.',

  // cors
  'checks.cors.passed': '브라우저가 {origin}의 페이지에 {method} {url}의 응답을 읽도록 허용합니다({summary}).',
  'checks.cors.sameOrigin': '같은 오리진 요청입니다. 브라우저는 CORS 규칙을 적용하지 않습니다.',
  'checks.cors.badStatus': 'CORS는 페이지가 응답을 읽도록 허용했지만, {method} {url}이(가) {status}(으)로 응답했습니다. 기대한 상태 코드는 {expected}입니다.',
  'checks.cors.unreadableHeader': 'CORS는 페이지가 본문을 읽도록 허용했지만, 스크립트가 {header} 헤더를 읽을 수 없습니다. Access-Control-Expose-Headers에 추가하세요.',
  'checks.cors.expected.simple': '{origin}에서 보내는 {method}은(는) 단순 요청입니다(사전 요청 없음). 응답에 Access-Control-Allow-Origin: {allow}이(가) 있어야 합니다.',
  'checks.cors.expected.preflight':
    '{origin}에서 {reasons}을(를) 담아 보내는 {method}에는 사전 요청(preflight)이 필요합니다. OPTIONS가 2xx로 응답하면서 Access-Control-Allow-Origin: {allow}, {needs}을(를) 보내야 하고, 이어지는 {method}의 응답에도 Access-Control-Allow-Origin이 있어야 합니다.',
  'checks.cors.expected.methods': '{method}이(가) 들어 있는 Access-Control-Allow-Methods',
  'checks.cors.expected.headers': '{names}이(가) 들어 있는 Access-Control-Allow-Headers',
  'checks.cors.and': ', ',
  'checks.cors.reason.method': '메서드 {method}',
  'checks.cors.reason.headers': '헤더 {names}',
  'checks.cors.allow.any': "'*' 또는 '{origin}'",
  'checks.cors.allow.credentials': "'{origin}'('*'는 안 됩니다. 자격 증명을 포함한 요청입니다)과 Access-Control-Allow-Credentials: true",
  'checks.cors.summary.preflight': '사전 요청 OPTIONS → {preflight}, {method} → {status}',
  'checks.cors.summary.simple': '사전 요청 필요 없음, {method} → {status}',

  // Why it matters, per Chrome CORS error (labs can override per check with `why:`).
  'checks.cors.why.MissingAllowOriginHeader':
    '브라우저는 응답을 받았지만 페이지에는 보여 주지 않습니다. 이 오리진이 읽어도 된다는 내용이 응답에 없기 때문입니다. curl에서 데이터가 보이는 것은 curl이 CORS를 적용하지 않기 때문입니다. Lambda 프록시 통합에서는 API Gateway가 함수가 반환한 헤더를 그대로 돌려주므로, 함수가 직접 Access-Control-Allow-Origin을 추가해야 합니다.',
  'checks.cors.why.PreflightMissingAllowOriginHeader':
    '브라우저가 먼저 OPTIONS로 물었는데, 그 응답에 Access-Control-Allow-Origin이 없었습니다. 리소스에 OPTIONS 메서드가 없으면 API Gateway는 CORS 헤더가 없는 403 게이트웨이 응답("Missing Authentication Token")을 보냅니다. OPTIONS 메서드를 추가하고(모의 통합이면 충분합니다) 다시 배포하세요.',
  'checks.cors.why.PreflightInvalidStatus':
    '사전 요청의 응답에 CORS 헤더는 있었지만 상태 코드가 2xx가 아니었습니다. 사전 요청에는 자격 증명이 실리지 않으므로, 권한 부여자나 API 키를 요구하면 안 됩니다.',
  'checks.cors.why.PreflightDisallowedRedirect': '브라우저는 사전 요청에서 리디렉션을 따라가지 않습니다. OPTIONS에 직접 응답하세요.',
  'checks.cors.why.HeaderDisallowedByPreflightResponse':
    'CORS 허용 목록(safelist)에 없는 요청 헤더는 모두 사전 요청 응답의 Access-Control-Allow-Headers에 적혀 있어야 합니다(대소문자는 상관없습니다. `*`는 자격 증명이 없을 때만 통하고, Authorization은 절대 포함하지 않습니다).',
  'checks.cors.why.MethodDisallowedByPreflightResponse':
    '사전 요청 응답의 Access-Control-Allow-Methods에는 보낸 메서드가 그대로(대문자로) 있어야 합니다. GET, HEAD, POST는 항상 허용됩니다.',
  'checks.cors.why.AllowOriginMismatch':
    'Access-Control-Allow-Origin은 페이지의 오리진(스킴, 호스트, 포트. 경로와 끝의 슬래시는 없이)과 정확히 같거나 `*`여야 합니다.',
  'checks.cors.why.PreflightAllowOriginMismatch':
    '사전 요청 응답의 Access-Control-Allow-Origin은 페이지의 오리진(스킴, 호스트, 포트. 끝의 슬래시는 없이)과 정확히 같거나 `*`여야 합니다.',
  'checks.cors.why.MultipleAllowOriginValues':
    'Access-Control-Allow-Origin에는 오리진을 하나만 넣을 수 있습니다. 헤더가 두 개(예: 하나는 함수에서, 하나는 API Gateway에서)이거나 목록이면 둘 다 실패합니다. 요청과 일치하는 오리진 하나만 돌려주세요.',
  'checks.cors.why.WildcardOriginNotAllowed':
    '자격 증명(쿠키, credentials: "include")을 포함한 요청에는 와일드카드 `*`가 거부됩니다. 서버가 오리진을 직접 적고 Access-Control-Allow-Credentials: true를 보내야 합니다.',
  'checks.cors.why.InvalidAllowCredentials':
    '자격 증명을 포함한 요청에는 응답에 Access-Control-Allow-Credentials: true(소문자)가 있어야 합니다.',
  'checks.cors.why.default': '브라우저는 사용자를 대신해 CORS를 적용합니다. API가 Access-Control-* 헤더로 직접 허용해야 합니다.',

  // browser
  'checks.browser.skipped.flag': '건너뜀: 브라우저 검사는 `lab check --browser`로 실행합니다.',
  'checks.browser.skipped.noChromium': 'Chromium을 찾지 못했습니다(`chromium` 패키지를 설치하거나 CHROMIUM_PATH를 설정하세요).',
  'checks.browser.passed': '{url}의 페이지에 보여야 할 내용이 모두 보입니다.',
  'checks.browser.loadFailed': '브라우저가 {url}을(를) 불러오지 못했습니다: {error}',
  'checks.browser.timeout': '{seconds}초 안에 페이지에 {selector}이(가) 나타나지 않았습니다.',
  'checks.browser.missing': '페이지에 {selector}{text}이(가) 보이지 않습니다.',
  'checks.browser.withText': '(텍스트 "{text}")',
  'checks.browser.expected': '페이지에 {items}이(가) 보여야 합니다.',
  'checks.browser.pageText': '페이지 텍스트: {text}',
  'checks.browser.emptyPage': '(비어 있음)',
  'checks.browser.why': '실제 브라우저에서 실행한 결과입니다. 위의 콘솔 메시지는 개발자 도구(F12)에서 보게 되는 것과 같습니다.',

  // stack-output
  'checks.output.passed': '스택 출력 {name}의 값은 {value}입니다.',
  'checks.output.mismatch': '스택 출력 {name}의 값 {value}이(가) {pattern}과(와) 맞지 않습니다.',

  // How a response is shown under a failing check.
  'checks.format.noCorsHeaders': '(Access-Control-* 헤더 없음)',
  'checks.format.body': '본문',
  'checks.step.back': '{n}단계(전체 {total}단계)로 돌아왔습니다: {title}(이 단계의 검사가 지금 실패합니다)',
  'checks.step.goal': '이 단계가 다시 제대로 동작하면 이렇게 됩니다:',
}
