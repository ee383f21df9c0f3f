/** @module Korean strings for the WebSocket tools (`ws.*`), typed from the English file. AWS's own messages (GoneException, …) stay in English. */
import type { Translation } from '../../i18n.js'
import type { wsMessages } from '../en/ws.js'

export const wsMessagesKo: Translation<typeof wsMessages> = {
  // lab ws
  'ws.cmd': 'wscat처럼 WebSocket API와 대화합니다. 메시지를 입력하고 돌아오는 응답을 확인합니다(스크립트에서는 --execute)',
  'ws.arg.url': '실습 id(그 실습의 WebSocket URL 출력) 또는 URL(ws://, wss://, 또는 스택 출력의 wss://…amazonaws.com URL)',
  'ws.opt.execute': '연결한 뒤 이 메시지를 보내고, 응답을 출력한 다음 연결을 닫습니다(여러 번 쓸 수 있음)',
  'ws.opt.wait': '--execute나 파이프 입력과 함께: 연결을 닫기 전에 응답을 기다릴 시간(초, 기본값 2)',
  'ws.opt.header': '핸드셰이크에 헤더를 추가합니다. 예: "Authorization: allow"(여러 번 쓸 수 있음)',
  'ws.opt.query': 'URL에 쿼리 문자열 파라미터를 추가합니다. 예: name=alice(여러 번 쓸 수 있음)',
  'ws.opt.sign': 'AWS_IAM을 쓰는 $connect 라우팅을 위해 핸드셰이크에 SigV4 서명(서비스 execute-api)을 합니다',
  'ws.badPair': '{flag} "{value}"은(는) 이름과 값의 쌍이 아닙니다(예: {flag} "{example}")',
  'ws.badWait': '--wait는 0에서 3600 사이의 초 단위 숫자여야 합니다(입력한 값: "{value}")',
  'ws.badUrl': '"{url}"은(는) WebSocket URL이 아닙니다',
  'ws.badUrlHint': '실습의 WebSocketURL 출력을 사용하세요(예: `lab outputs 354`). ws:// 또는 wss://로 시작합니다.',
  'ws.noCredentials': '--sign에는 자격 증명이 필요한데 대상에 자격 증명이 없습니다(AWS라면 AWS CLI를 설정하거나 --profile을 지정하세요)',
  'ws.refused':
    'API Gateway가 HTTP {status}(으)로 핸드셰이크를 거부했으므로 WebSocket이 열리지 않았습니다. WebSocket API에서 이 응답은 ' +
    '$connect 라우팅이 보낸 것입니다. 권한 부여자나 IAM 확인이 실패했거나(401/403), 통합이 2xx가 아닌 상태 코드를 반환했거나 ' +
    '실패한 경우입니다(예: 500이면 $connect 함수의 로그를 확인하세요). URL이 잘못되어도 라우팅이 실행되기 전에 403이 옵니다. ' +
    '존재하지 않는 API ID나 스테이지에도 403으로 응답하기 때문입니다. URL을 스택 출력과 비교하거나(`lab outputs <실습 ID>`, ' +
    '예: `lab outputs 354`) `lab ws <실습 ID>`로 출력의 URL을 그대로 쓰세요.',
  'ws.noSocketOutput': '실습 {lab}에 ws:// 또는 wss:// URL을 담은 출력이 없습니다(있는 출력: {outputs}).',
  'ws.connectFailed': '{url}에 연결할 수 없습니다: {reason}',
  'ws.connected': '연결되었습니다',
  'ws.connected.interactive': '연결되었습니다(끝내려면 CTRL+C를 누르세요)',
  'ws.closed': '연결이 끊어졌습니다(code: {code})',
  'ws.closed.reason': '연결이 끊어졌습니다(code: {code}, reason: "{reason}")',

  // lab inspect table
  'inspect.cmd': '실습이 배포한 리소스의 내용을 봅니다(inspect table: 실습의 DynamoDB 테이블 항목)',
  'inspect.table.cmd': '실습 스택의 DynamoDB 테이블을 스캔해서 항목을 출력합니다',
  'inspect.opt.table': '스택에 테이블이 여러 개일 때: template.yaml에 있는 테이블의 논리적 ID',
  'ws.table.title': '{table}: 항목 {count}개',
  'ws.table.empty': '(항목 없음)',
  'ws.table.none': '실습 {lab}의 스택에 DynamoDB 테이블이 없습니다.',
  'ws.table.several': '실습 {lab}의 스택에 DynamoDB 테이블이 여러 개 있습니다({tables}). --table <논리적 ID>로 하나를 고르세요.',
  'ws.table.unknown': '실습 {lab}의 스택에 논리적 ID가 {table}인 DynamoDB 테이블이 없습니다(있는 테이블: {tables}).',
  'ws.table.failed': '테이블 {table}을(를) 읽을 수 없습니다: {error}',

  // lab connections
  'connections.cmd': '채팅의 연결 목록을 보거나, @connections 관리 API로 연결 하나를 GET, POST, DELETE 합니다',
  'connections.arg.args': '[실습 id] [list | get <connectionId> | delete <connectionId> | post <connectionId> --data <텍스트>]',
  'connections.opt.data': 'post와 함께: 연결에 보낼 메시지',
  'ws.connections.badAction': '알 수 없는 동작 "{action}"입니다. {actions} 중 하나를 쓰세요.',
  'ws.connections.needId': '{action}에는 연결 ID가 필요합니다(테이블에 있는 ID는 `lab connections`로 확인하세요).',
  'ws.connections.extra': '예상하지 못한 인수: {extra}',
  'ws.connections.needData': 'post에는 보낼 메시지가 필요합니다: --data "<텍스트>"',
  'ws.connections.dataOnlyPost': '--data는 post와 함께만 쓸 수 있습니다',
  'ws.connections.noCallback': '실습 {lab}에 콜백 URL 출력도 WebSocket URL 출력도 없습니다(있는 출력: {outputs}).',
  'ws.connections.unreachable': '{endpoint}의 @connections API에 연결할 수 없습니다: {error}',
  'ws.connections.posted': '{status} OK: 연결에 {bytes}바이트를 보냈습니다',
  'ws.connections.deleted': '{status} No Content: API Gateway가 연결을 닫았습니다(이어서 $disconnect 라우팅이 실행됩니다)',
  'ws.connections.gone':
    '이 ID로 열려 있는 연결이 없습니다. 연결이 닫혔거나 처음부터 없던 ID입니다. 테이블에 아직 이 ID가 남아 있다면, ' +
    '채팅은 POST가 이 410을 받았을 때 항목을 삭제해야 합니다.',
  'ws.connections.forbidden': '서명이 거부되었거나, 호출자의 IAM 정책이 이 API에 대한 execute-api:ManageConnections를 허용하지 않습니다.',
  'ws.connections.tooLarge': '메시지가 WebSocket 메시지 하나에 담을 수 있는 최대 크기인 128KB보다 큽니다.',
  'ws.connections.title': '{table}: 연결 ID {count}개(각각 GET @connections/{id}로 조회)',
  'ws.connections.none': '(테이블이 비어 있습니다: 연결된 클라이언트가 없습니다)',
  'ws.connections.staleInTable':
    '410은 이미 끊어진 연결이 테이블에 남아 있다는 뜻입니다. 클라이언트가 $disconnect 없이 사라졌거나 ' +
    '$disconnect가 실패한 경우입니다. sendmessage가 이런 연결을 처리해야 합니다.',

  // kind: websocket (checks.ws.*)
  'checks.ws.request.clients': '클라이언트 {count}개가 {url}에 연결했습니다',
  'checks.ws.request.sent': '클라이언트 1이 보낸 메시지: {message}',
  'checks.ws.response.client': '클라이언트 {client}{id}:',
  'checks.ws.response.nothing': '(받은 메시지 없음)',
  'checks.ws.noAws': '이 검사는 연결 테이블을 읽어야 해서 대상의 자격 증명이 필요한데, 실행기가 자격 증명을 넘겨주지 않았습니다.',
  'checks.ws.refusedAsExpected': '예상대로 핸드셰이크가 HTTP {status}(으)로 거부되었습니다',
  'checks.ws.refused': '{url}에 연결하지 못했습니다. 핸드셰이크가 HTTP {status}(으)로 거부되었습니다',
  'checks.ws.notRefused': '{url}에 연결되었지만, 핸드셰이크가 HTTP {status}(으)로 거부되어야 합니다',
  'checks.ws.noItem': '클라이언트 {client}이(가) 연결되었지만, 테이블 {table}에 이 연결의 새 항목이 생기지 않았습니다',
  'checks.ws.passed': '{url}에 연결한 클라이언트 {count}개: 모든 메시지가 예상대로 도착했습니다',
  'checks.ws.forbidden': '클라이언트 {client}이(가) 받은 메시지: {frame}',
  'checks.ws.badFrame': '클라이언트 {client}이(가) 받은 메시지: {frame}',
  'checks.ws.noReceipt': '클라이언트 {client}이(가) {seconds}초 안에 "{text}"을(를) 받지 못했습니다',
  'checks.ws.noAnswer': '클라이언트 1이 {seconds}초 안에 응답을 받지 못했습니다',
  'checks.ws.liveDeleted': '아직 연결되어 있는 클라이언트 {client}의 항목({id})이 메시지를 보내는 동안 {table}에서 삭제되었습니다',
  'checks.ws.staleKept': '메시지를 보내고 {seconds}초가 지났는데도 테이블 {table}에 이미 끊어진 연결 {id}이(가) 남아 있습니다',
  'checks.ws.mgmt.failed': '{call}의 응답: {error}',
  'checks.ws.mgmt.noConnectedAt': 'GET {url}/@connections/…의 응답에 connectedAt이 없습니다',
  'checks.ws.mgmt.notClosed': 'DELETE @connections는 응답했지만, 클라이언트 1의 연결이 {seconds}초 안에 끊어지지 않았습니다',
  'checks.ws.mgmt.notGone': 'DELETE 뒤에도 GET @connections/{id}가 응답합니다(410 GoneException이어야 합니다)',
  'checks.ws.itemKept': '클라이언트가 연결을 닫았는데도 {seconds}초 뒤에 테이블 {table}에 {ids}이(가) 남아 있습니다',
}
