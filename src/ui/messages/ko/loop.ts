/** @module Korean strings for the learner's loop (`loop.*`: watch, PATH, teardown's log groups, interruptions, stale deployments …), typed from the English file. */
import type { Translation } from '../../i18n.js'
import type { loopMessages } from '../en/loop.js'

export const loopMessagesKo: Translation<typeof loopMessages> = {
  'loop.watch.fellBack': '파일 감시가 실패했습니다({message}). 대신 폴링으로 감시합니다(저장한 내용은 1초 안에 반영됩니다).',
  'loop.path.missing': '`lab` 명령이 아직 PATH에 없어서 위에 나온 명령을 그대로 실행할 수 없습니다. {dir}에서 `npm link`를 한 번 실행하면(README 참고) 어느 폴더에서나 `lab …`을 쓸 수 있습니다.',
  'loop.path.other': 'PATH에서 `lab`이라는 다른 프로그램이 먼저 잡혀서 위의 명령이 그 프로그램을 실행하게 됩니다. {dir}에서 `npm link`를 한 번 실행하고, npm 전역 bin 폴더(`npm prefix -g`/bin)를 PATH에서 그보다 앞에 두세요.',
  'loop.teardown.logGroups': '함수와 API가 스택 밖에 만든 로그 그룹 {count}개를 삭제했습니다: {names}',
  'loop.interrupt.headline': '{phase} 중단했습니다({stack}).',
  'loop.interrupt.phase.package': '함수 코드를 패키징하는 중(스택을 바꾸기 전)에',
  'loop.interrupt.phase.stack': 'CloudFormation이 스택을 변경하는 중에',
  'loop.interrupt.phase.site': '웹사이트 파일을 업로드하는 중에',
  'loop.interrupt.phase.done': '배포가 끝난 뒤에',
  'loop.interrupt.noStack': '{target}에 스택 {stack}이(가) 없습니다. 배포된 것은 없습니다.',
  'loop.interrupt.stackBusy': '{target}의 스택 {stack} 상태는 {status}입니다. CloudFormation은 lab 없이 작업을 계속해서 스스로 끝내거나 롤백합니다.',
  'loop.interrupt.stackStatus': '{target}의 스택 {stack} 상태는 {status}입니다.',
  'loop.interrupt.stackUnknown': '스택 {stack}의 상태를 확인하지 못했습니다: {message}.',
  'loop.interrupt.siteNotUploaded': '웹사이트 파일은 업로드되지 않았습니다. 페이지가 예전 그대로(또는 없는 상태)일 수 있어서, 브라우저 검사가 그 이유로 실패할 수 있습니다.',
  'loop.interrupt.nextExisting': '다음: `lab deploy`로 마저 배포하거나(스택을 기다린 뒤 사이트를 업로드합니다), `lab teardown`으로 남은 것을 삭제하세요. `lab status`로 상태를 볼 수 있습니다.',
  'loop.interrupt.beforeStart': '배포를 시작하기 전에 중단했습니다({stack}). 대상에 아무것도 보내지 않았으므로 바뀐 것이 없습니다.',
  'loop.interrupt.nextNothing': '다음: 준비되면 `lab deploy`를 다시 실행하세요.',
  'loop.status.untracked': '진행 기록에는 없었지만 태그(apigw-labs:lab = {lab})로 대상에서 찾았습니다. 이제 기록해 두었으니 `lab check`와 `lab teardown`이 이 스택을 사용합니다.',
  'loop.reset.progressToo': '이 실습의 진행 상황도 초기화됩니다. 힌트는 처음부터 다시 시작하고, 마지막 검사 결과는 지워집니다.',
  'loop.reset.progressDone': '실습 {lab}의 진행 상황을 초기화했습니다. `lab hint`는 첫 번째 힌트부터 다시 보여 주고, 검사 기록은 없습니다.',
  'loop.reset.stillDeployed':
    '배포한 것은 아직 그대로 남아 있습니다. `lab deploy {lab}`을(를) 실행하면 스택은 시작 파일 상태로 돌아가지만, 스테이지는 자신이 가리키는 배포를 계속 제공하므로 추가했던 메서드(예: OPTIONS 메서드)가 그대로 남을 수 있습니다. 반대 방향으로 빠지는 이전 배포 함정입니다. 실습을 처음 상태 그대로 시작하려면 `lab teardown {lab}` 다음에 `lab deploy {lab}`을(를) 실행하세요.',
  'loop.stale.headline': 'REST API {api}의 스테이지 {stage}은(는) 아직 이전 배포 {deployment}({at} UTC에 생성)을(를) 제공하고 있어서, 아래 변경 사항이 반영되지 않았습니다:',
  'loop.stale.added': '지금 정의되어 있지만 배포에는 없음',
  'loop.stale.changed': '배포를 만든 뒤에 바뀜',
  'loop.stale.removed': '지금은 삭제했지만 여전히 제공 중',
  'loop.stale.why': '스테이지는 배포, 즉 배포를 만든 시점에 찍어 둔 API의 스냅샷을 제공합니다. CloudFormation은 새 AWS::ApiGateway::Deployment 리소스가 생길 때만 새 스냅샷을 만들고, 기존 리소스를 업데이트해서는 새 스냅샷이 생기지 않습니다.',
  'loop.stale.fix': 'template.yaml에서 고치세요: Deployment 리소스 `{current}`의 논리적 ID를 새 이름(예: `{next}`)으로 바꾸고, 스테이지가 그것을 가리키게 한 뒤(`DeploymentId: !Ref {next}`) `lab deploy`를 실행하세요.',
  'loop.stale.check': '이 응답은 스테이지 {stage}에서 왔는데, 이 스테이지는 아직 이전 배포 {deployment}을(를) 제공합니다: {methods}이(가) 새 배포 없이 바뀌었습니다. AWS::ApiGateway::Deployment에 새 논리적 ID(예: {next})를 주고 스테이지에서 참조하게 한 뒤 다시 배포하세요.',
  'loop.confirm.yes': '예',
  'loop.confirm.no': '아니요',
}
