/** @module Korean strings for the deploy area (`deploy.*`) and the local cloud's lifecycle (`cloud.*`), typed from the English file. */
import type { Translation } from '../../i18n.js'
import type { deployMessages } from '../en/deploy.js'

export const deployMessagesKo: Translation<typeof deployMessages> = {
  // lab cloud
  'cloud.badPort': 'LAB_CLOUD_PORT는 포트 번호(0-65535)여야 합니다. 지금 값: "{value}"',
  'cloud.unknownSubcommand': '`lab cloud`에 "{name}" 명령은 없습니다. `lab cloud start [--detach]`, `lab cloud stop`, `lab cloud status`, `lab cloud env` 중 하나를 사용하세요.',
  'cloud.portOtherLabHome': '포트 {port}은(는) 다른 LAB_HOME의 로컬 클라우드가 사용 중입니다. 그 실습들은 바꾸면 안 됩니다.',
  'cloud.portOtherLabHomeHint': 'LAB_HOME마다 포트가 따로 필요합니다(워크숍이라면 수강생마다 하나씩). LAB_CLOUD_PORT를 설정하세요. 예: LAB_CLOUD_PORT={next}',
  'cloud.portInUse': '127.0.0.1의 포트 {port}을(를) 이미 사용하고 있습니다. 그 프로그램을 멈추거나 LAB_CLOUD_PORT=<port>로 다른 포트를 고르세요.',
  'cloud.portFreeHint': '지금은 포트 {free}이(가) 비어 있습니다. lab을 실행하는 모든 셸에서 다음 명령으로 설정하세요: export LAB_CLOUD_PORT={free}',
  'cloud.alreadyRunning': '로컬 클라우드가 이미 {endpoint}에서 실행 중입니다(pid {pid}).',
  'cloud.startedDetached': '로컬 클라우드가 {endpoint}에서 실행 중입니다(pid {pid}). 로그: {log}',
  'cloud.listening': '로컬 클라우드가 {endpoint}에서 요청을 기다립니다(데이터: {dataDir}). 멈추려면 Ctrl-C를 누르세요.',
  'cloud.stopping': '로컬 클라우드를 멈춥니다({signal})…',
  'cloud.notRunning': '로컬 클라우드가 실행 중이 아닙니다.',
  'cloud.stopped': '로컬 클라우드를 멈췄습니다(pid {pid}).',
  'cloud.statusRunning': '로컬 클라우드가 {endpoint}에서 실행 중입니다(pid {pid}, 데이터: {dataDir}).',
  'cloud.statusStopped': '로컬 클라우드가 실행 중이 아닙니다(데이터: {dataDir}). `lab cloud start --detach`로 시작하세요.',
  'cloud.exitedEarly': '로컬 클라우드가 시작하는 도중에 멈췄습니다(종료 코드 {code}).',
  'cloud.startTimeout': '로컬 클라우드가 {seconds}초 안에 준비되지 않았습니다.',
  'cloud.logTail': '{log}의 마지막 줄:',

  // targets and credentials
  'deploy.target.local': '{endpoint}의 로컬 클라우드',
  'deploy.target.localRegion': '{endpoint}의 로컬 클라우드(리전 {region})',
  'deploy.target.endpoint': '엔드포인트 {endpoint}({region})',
  'deploy.target.endpointLabCloud': '{endpoint}의 로컬 클라우드({region})',
  'deploy.endpointOutputsAsIs':
    '{endpoint}은(는) 이 프로젝트의 로컬 클라우드가 아닙니다. 스택 출력에는 AWS 호스트(…amazonaws.com)가 들어 있고, 검사도 그 주소를 그대로 사용합니다.',
  'deploy.badEndpoint': '--endpoint "{value}"은(는) 호스트가 있는 http:// 또는 https:// URL이 아닙니다. --endpoint http://localhost:4566처럼 지정하세요',
  'deploy.endpointAndTarget': '--endpoint는 --target 대신 쓰는 옵션입니다. --target {target}과(와) --endpoint {endpoint} 중 하나만 지정하세요.',
  'deploy.target.aws': 'AWS({region}{profile})',
  'deploy.target.awsAccount': 'AWS 계정 {account}({region})',
  'deploy.noRegion':
    '--target aws에 사용할 AWS 리전이 없습니다. --region을 지정하거나(예: --region us-east-1), AWS_REGION을 설정하거나, `aws configure`로 프로필에 리전을 설정하세요.',
  'deploy.noCredentials':
    '--target aws에 사용할 AWS 자격 증명을 찾지 못했습니다. `aws configure`로 설정하거나 AWS_PROFILE(또는 AWS_ACCESS_KEY_ID와 AWS_SECRET_ACCESS_KEY)을 설정한 뒤 다시 시도하세요.',
  'deploy.badCredentials': 'AWS가 자격 증명을 거부했습니다({code}): {message}',
  'deploy.badCredentialsHint': '`aws sts get-caller-identity`{profile}(으)로 확인하세요. 만료된 SSO 또는 세션 자격 증명은 `aws sso login`이나 `aws configure`로 갱신합니다.',
  'deploy.serviceError': 'AWS API가 요청을 거부했습니다({code}): {message}',
  'deploy.unreachable': '{endpoint}에 연결할 수 없습니다: {message}',
  'deploy.tlsFailed':
    '{endpoint}에 TLS(https)로 연결할 수 없습니다({code}). 서버가 일반 HTTP를 사용한다면 http:// URL을 쓰고, 아니라면 서버 인증서를 확인하세요.',
  'deploy.connectTimeout': '{seconds}초 안에 {endpoint}에 연결하지 못했습니다. 네트워크를 확인하세요(--endpoint라면 주소와 서버가 실행 중인지도 확인하세요).',
  'deploy.noAnswer':
    '{endpoint}이(가) {seconds}초 동안 응답하지 않았습니다. 연결은 받았지만 답이 없습니다. AWS 호환 엔드포인트가 맞는지, 제대로 동작하는지 확인하세요.',

  // template and packaging
  'deploy.noTemplate': '{dir}에 template.yaml이 없습니다.',
  'deploy.templateError': 'template.yaml:{line}:{col}: {message}',
  'deploy.templateNotMapping': 'template.yaml: 템플릿은 Resources 섹션이 있는 매핑이어야 합니다.',
  'deploy.codeMissing': 'template.yaml: {resource}에 Code: {path}이(가) 있지만, 작업 공간에 그런 파일이나 폴더가 없습니다.',
  'deploy.codeEmpty': 'template.yaml: {resource}에 Code: {path}이(가) 있지만, 그 폴더에 파일이 없습니다.',

  // stacks
  'deploy.stackNotLive': '{target}의 스택 {stack}은(는) {status} 상태입니다. 마지막 배포가 실패해서 롤백되었으므로 실행 중인 것이 없습니다.',
  'deploy.stackNotLiveHint': '`lab deploy`가 알려 준 문제(첫 CREATE_FAILED 이벤트에 리소스와 이유가 나옵니다)를 고친 뒤 `lab deploy`를 다시 실행하세요.',
  'deploy.stackBusy': '{target}의 스택 {stack}은(는) {status} 상태입니다. 끝날 때까지 기다린 뒤 다시 시도하세요.',
  'deploy.stackDeleteFailed': '{target}의 스택 {stack}은(는) {status} 상태입니다. 삭제(teardown)가 스택을 지우지 못했습니다.',
  'deploy.stackDeleteFailedHint': '`lab teardown`을 다시 실행해 무엇이 남았는지 보거나, `lab deploy`로 스택을 되살리세요.',
  'deploy.failed': '{stack} 배포가 실패했습니다. 스택 상태: {status}',
  'deploy.failedResource': '{resource}({type}): {reason}',
  'deploy.rejected': 'CloudFormation이 템플릿을 거부했습니다: {message}',
  'deploy.busy': '{stack}이(가) 작업 중입니다({status}). 끝날 때까지 기다린 뒤 다시 시도하세요.',
  'deploy.deleteFailed': '{stack} 삭제가 실패했습니다. 스택 상태: {status}',
  'deploy.missingOutput': '스택에 출력 "{output}"이(가) 없습니다({needed}에 필요합니다). template.yaml의 Outputs 섹션에 추가하세요.',
  'deploy.siteMissing': '작업 공간에 웹 사이트 폴더 {dir}이(가) 없습니다.',
  // stale deployments named by `lab deploy` (the rest are `loop.stale.*`)
  'deploy.stale.resourcePolicy': "{api}의 리소스 정책(Policy)",
  'deploy.stale.headlineParallel': "WebSocket API {api}의 스테이지 {stage}이(가) 제공하는 배포 {deployment}({at} UTC에 생성)은(는) 아래 리소스가 준비되기 전에 만들어졌을 수 있습니다:",
  'deploy.stale.unordered': "배포와 동시에 만들어졌는데 배포의 DependsOn에 없음: 스냅샷에서 빠졌을 수 있음",
  'deploy.stale.whyParallel': "CloudFormation은 서로 기다릴 이유(`DependsOn`, 또는 `!Ref`/`!GetAtt` 참조)가 없는 리소스를 동시에 만듭니다. 배포 `{current}`은(는) 이 리소스들을 기다리지 않았으므로, 이들이 생기기 전에 스냅샷이 찍혔을 수 있습니다.",
  'deploy.stale.fixParallel': "template.yaml에서 고치세요: 배포의 `DependsOn`에 이 리소스들({ids})을 추가하고, 새 스냅샷이 만들어지도록 논리적 ID를 새 이름(예: `{next}`)으로 바꾸고, 스테이지가 그것을 가리키게 한 뒤(`DeploymentId: !Ref {next}`) `lab deploy`를 실행하세요.",
  'deploy.stale.checkParallel': "이 응답은 스테이지 {stage}에서 왔습니다. 이 스테이지의 배포 {deployment}은(는) CloudFormation이 {methods}와(과) 동시에 만들었고, DependsOn으로 이들을 기다리지 않았기 때문에 스냅샷에서 빠졌을 수 있습니다. `DependsOn`에 {ids}을(를) 추가하고, 논리적 ID를 새 이름(예: {next})으로 바꿔 스테이지에서 참조하게 한 뒤 다시 배포하세요.",
}
