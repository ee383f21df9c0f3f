/** @module `lab call`의 한국어 문자열(키는 `call.*`). */
import type { callMessages } from '../en/call.js'
import type { Translation } from '../../i18n.js'

export const callMessagesKo: Translation<typeof callMessages> = {
  'call.cmd': 'API에 HTTP 요청 하나를 보내고 응답(상태, 헤더, 본문, 소요 시간)을 보여 줍니다(작은 curl)',
  'call.arg.url': 'URL, 또는 /iam 같은 경로(현재 실습이나 --lab으로 고른 실습의 ApiUrl 출력 뒤에 붙입니다)',
  'call.opt.method': 'HTTP 메서드(기본값 GET, --data를 주면 POST)',
  'call.opt.header': '요청 헤더 "이름: 값"(여러 개면 반복)',
  'call.opt.data': '요청 본문. @파일 형식이면 파일에서 읽습니다',
  'call.opt.sign': 'execute-api용 SigV4로 서명합니다(AWS_IAM 메서드). 로컬 클라우드의 자격 증명을, AWS URL이면 내 AWS 자격 증명을 씁니다',
  'call.opt.profile': '이 AWS 프로필로, 또는 실습 자격 증명 <실습>:<이름>(스택 출력 <이름>AccessKeyId와 <이름>SecretAccessKey)으로 서명합니다',
  'call.opt.region': '서명할 리전(기본값: AWS URL에서 읽고, 아니면 실습의 리전)',
  'call.opt.token': '"Authorization: <토큰>"을 보냅니다. id나 access는 `lab login`이 저장한 토큰이고, 그 밖의 값은 그대로 보냅니다',
  'call.opt.lab': 'ApiUrl, 토큰, 자격 증명을 가져올 실습(기본값: 진행 중인 실습)',
  'call.opt.timeout': '응답을 기다릴 시간(초, 기본값 30)',
  'call.opt.verbose': '요청도 보여 주고, --sign과 함께 쓰면 SigV4 정식 요청(canonical request)과 서명할 문자열도 보여 줍니다',
  'call.help.exit':
    '종료 코드: 응답이 오면 상태 코드와 상관없이 0입니다. 401이나 403은 호출의 실패가 아니라 읽어 볼 만한 응답이기 때문입니다. ' +
    '요청을 보낼 수 없거나 응답이 오지 않으면(잘못된 URL, 네트워크 오류, 시간 초과) 1입니다.',

  'call.badUrl': '"{url}"은(는) lab call이 요청을 보낼 수 있는 URL이 아닙니다: {problem}',
  'call.badUrl.scheme': 'http://와 https:// URL만 지원합니다',
  'call.badUrl.parse': 'URL 형식이 아닙니다',
  'call.badUrl.userinfo': 'URL에 사용자 이름이나 암호가 들어 있습니다. 자격 증명은 --header, --sign, --token으로 보내세요',
  'call.badUrl.hint': '{example} 같은 전체 URL을 주거나, 실습의 API를 호출하려면 /iam 같은 경로를 주세요.',
  'call.noApiUrl': '실습 {lab}에는 "{path}"을(를) 붙일 ApiUrl 출력이 없습니다(출력: {outputs}).',
  'call.badHeader': '헤더 "{header}"이(가) "이름: 값" 형식이 아닙니다.',
  'call.badMethod': '메서드 "{method}"은(는) HTTP 메서드 이름이 아닙니다.',
  'call.badTimeout': '제한 시간 "{value}"은(는) 1에서 600 사이의 초 단위 숫자가 아닙니다.',
  'call.dataFile': '{file}에서 본문을 읽지 못했습니다: {error}',
  'call.tokenAndAuthorization': '--token과 --header가 둘 다 Authorization 헤더를 설정합니다. 하나만 쓰세요.',
  'call.signAndToken': '--sign은 Authorization 헤더에 SigV4 서명을 넣으므로 --token과 함께 쓸 수 없습니다.',
  'call.profileWithoutSign': '--profile은 요청에 서명할 주체를 고르는 옵션입니다. --sign을 추가하세요.',
  'call.unknownIdentity': '실습 {lab}에는 {name} 자격 증명이 없습니다. 스택 출력에 {name}AccessKeyId와 {name}SecretAccessKey가 없습니다.',
  'call.unknownIdentity.hint': '이 실습의 자격 증명: {names}.',
  'call.noIdentities': '없음',
  'call.network': '{url}에서 응답이 없습니다: {error}',
  'call.network.hint': '스택이 배포되어 있나요? 로컬 URL이라면 로컬 클라우드가 실행 중인가요(`lab cloud status`)?',
  'call.timeout': '{url}에서 {seconds}초 안에 응답이 오지 않았습니다.',
  'call.time': '{total}ms(첫 바이트까지 {firstByte}ms)',
  'call.bodyTruncated': '… 보여 주지 않은 {count}바이트가 더 있습니다',
  'call.emptyBody': '(빈 본문)',
  'call.canonicalRequest': '정식 요청(canonical request, 서명이 보호하는 내용):',
  'call.stringToSign': '서명할 문자열(string to sign):',
  'call.signedAs': '{region}의 {service}용으로 액세스 키 {key}(으)로 서명했습니다.',
}
