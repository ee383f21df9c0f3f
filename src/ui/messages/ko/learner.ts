/** @module Korean strings for `learner.*` (which lab, which folder, which URL), typed from the English file. Terms as in the glossary (배포, 스택, 작업 공간). */
import type { Translation } from '../../i18n.js'
import type { learnerMessages } from '../en/learner.js'

export const learnerMessagesKo: Translation<typeof learnerMessages> = {
  'learner.unknown.command': "error: '{word}'은(는) 없는 명령어입니다.",
  'learner.unknown.didYouMean': '이 명령어를 찾으셨나요?',
  'learner.call.resolved': '{method} {url} (실습 {lab}의 ApiUrl)',
  'learner.check.undeployed': '마지막 배포 이후 작업 공간이 바뀌었습니다({files}). 먼저 `lab deploy {lab}`을(를) 실행하세요. 아래 검사는 지금 배포되어 있는 것을 대상으로 실행됩니다.',
  'learner.deploy.from': '배포할 작업 공간: {dir}',
  'learner.deploy.starterCopy': '이 폴더({here})는 작업 공간이 아니라 프로젝트에 들어 있는 실습 {copyLab}의 시작 파일 원본입니다. 여기서 고친 내용은 배포되지 않습니다. `lab deploy {lab}`은(는) 작업 공간 {workspace}을(를) 배포하므로, 그 폴더의 파일을 고치세요.',
  'learner.deploy.solutionCopy': '이 폴더({here})는 작업 공간이 아니라 프로젝트에 들어 있는 실습 {copyLab}의 정답 파일 원본입니다. 여기서 고친 내용은 배포되지 않습니다. `lab deploy {lab}`은(는) 작업 공간 {workspace}을(를) 배포하므로, 그 폴더의 파일을 고치세요(`lab solve {copyLab}`은(는) 정답을 작업 공간에 복사합니다).',
  'learner.select.folderNotLast': '이 폴더의 작업 공간인 실습 {lab}을(를) 사용합니다. 마지막으로 시작한 실습은 {last}입니다: `cd {dir}` 또는 `{command}`',
  'learner.select.folderNotLastCommand': '이 폴더의 작업 공간인 실습 {lab}을(를) 사용합니다. 마지막으로 시작한 실습은 {last}입니다: `{command}`',
  'learner.select.folderNotLastCd': '이 폴더의 작업 공간인 실습 {lab}을(를) 사용합니다. 마지막으로 시작한 실습은 {last}입니다. 그 실습을 하려면 `cd {dir}`',
  'learner.home.noLab': '어떤 실습인가요? 이 폴더는 다른 LAB_HOME의 실습 작업 공간이고, 이 셸의 LAB_HOME({own})에는 진행 중인 실습이 없습니다.',
  'learner.home.usingOwn': '이 폴더는 다른 LAB_HOME의 실습 작업 공간입니다. 이 명령은 대신 이 셸의 LAB_HOME({own})에 있는 실습 {lab}을(를) 사용합니다.',
  'learner.home.otherLab': '이 폴더는 LAB_HOME {home}에 있는 실습 {lab}의 작업 공간입니다.',
  'learner.home.other': '이 폴더는 LAB_HOME {home}의 실습 작업 공간 안에 있습니다.',
  'learner.home.exportWithPort': '그 실습을 이어서 하려면 이 셸에서 실행하세요: export LAB_HOME={home} LAB_CLOUD_PORT={port} (그 LAB_HOME의 로컬 클라우드는 포트 {port}을(를) 씁니다. LAB_HOME마다 포트가 따로 필요합니다.)',
  'learner.home.export':
    '그 실습을 이어서 하려면 이 셸에서 실행하세요: export LAB_HOME={home} LAB_CLOUD_PORT=<포트> (<포트>는 그 LAB_HOME에 쓰던 포트입니다. LAB_HOME마다 로컬 클라우드 포트가 따로 필요하고, LAB_CLOUD_PORT를 설정하지 않으면 4599를 씁니다. `lab doctor`로 포트가 비어 있는지 확인할 수 있습니다.)',
}
