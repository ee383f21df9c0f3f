/** @module Korean strings for the install's credentials (`lab cloud env`, the runner, `lab doctor`), typed from the English file. */
import type { Translation } from '../../i18n.js'
import type { securityMessages } from '../en/security.js'

export const securityMessagesKo: Translation<typeof securityMessages> = {
  'cli.cmd.cloudEnv': '로컬 클라우드의 자격 증명과 엔드포인트를 다른 도구용 환경 변수로 출력합니다: eval "$(lab cloud env)"',
  'cloud.env.comment': 'AWS CLI, SDK, curl --aws-sigv4에서 쓸 로컬 클라우드 자격 증명 (AWS_ENDPOINT_URL은 AWS CLI v2.13 이상에서 동작합니다. 그보다 오래된 버전은 --endpoint-url {endpoint})',
  'cli.opt.cloudEnvAccount': '어느 로컬 계정인지: main(기본값) 또는 second(교차 계정 실습용 다른 계정 ID)',
  'cloud.env.secondComment': '로컬 클라우드의 두 번째 계정 {account}: 이 계정의 루트 사용자는 STS와 execute-api만 호출할 수 있습니다(교차 계정 실습용)',
  'cloud.env.unknownAccount': '알 수 없는 계정 "{name}"입니다. --account main 또는 --account second를 쓰세요.',
  'cloud.credentialsMissing': '로컬 클라우드가 아직 자격 증명을 만들지 않았습니다({file} 파일이 없습니다).',
  'cloud.credentialsMissingHint': '`lab cloud start --detach`로 한 번 시작하세요. 처음 시작할 때 자격 증명을 만듭니다.',
  'cloud.credentialsDamaged':
    '{file}에 있는 로컬 클라우드 자격 증명을 읽을 수 없습니다. 파일을 옮겨 두고(mv "{file}" "{file}.bad") `lab cloud stop`, `lab cloud start --detach`를 실행하세요. 클라우드가 새 자격 증명을 만들고, `eval "$(lab cloud env)"`로 다른 도구에 넘겨줄 수 있습니다.',
  'cli.doctor.credentials': '클라우드 자격 증명',
  'cli.doctor.credentialsOk': '있음, 본인만 읽기 가능(0600): {file}',
  'cli.doctor.credentialsNotYet': '아직 없음 (클라우드가 처음 시작할 때 만듭니다)',
  'cli.doctor.credentialsOpen': '{file} 파일을 다른 사용자도 읽을 수 있습니다(모드 {mode}). chmod 600 "{file}"을 실행하세요',
  'cli.doctor.credentialsRefused':
    '{endpoint}의 클라우드가 이 설치의 자격 증명을 거부합니다({code}). 이 LAB_HOME의 클라우드가 아니거나, 클라우드가 시작된 뒤 파일이 바뀌었습니다. 다시 시작하세요: lab cloud stop && lab cloud start --detach',
  'cli.doctor.credentialsAccepted': '있음, 본인만 읽기 가능(0600), {endpoint}의 클라우드가 받아들임',
  'cli.doctor.anyCredentials': 'LAB_CLOUD_ANY_CREDENTIALS=1이 설정되어 있어 클라우드가 어떤 서명이든 받아들입니다. 자격 증명을 넘겨줄 수 없는 도구가 아니라면 해제하세요.',
}
