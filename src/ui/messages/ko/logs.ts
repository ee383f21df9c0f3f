/** @module Korean strings for `lab logs` (`logs.*`), typed from the English file. */
import type { Translation } from '../../i18n.js'
import type { logsMessages } from '../en/logs.js'

export const logsMessagesKo: Translation<typeof logsMessages> = {
  'logs.cmd': '실습의 Lambda 함수가 남긴 로그(CloudWatch Logs)를 함수 이름과 시각을 붙여 보여 줍니다',
  'logs.opt.function': '이 함수의 로그만 봅니다(template.yaml의 논리적 ID, 예: SendMessageFunction)',
  'logs.opt.since': '얼마 전부터 볼지: 숫자 뒤에 s, m, h, d 중 하나(기본값 10m)',
  'logs.opt.follow': 'Ctrl+C를 누를 때까지 새 로그를 계속 기다립니다',
  'logs.badSince': '--since에는 숫자 뒤에 s, m, h, d 중 하나를 붙여 주세요. 예: 30s, 10m, 2h(입력값: "{value}")',
  'logs.noFunctions': '실습 {lab}의 스택에는 Lambda 함수가 없어 보여 줄 함수 로그가 없습니다.',
  'logs.unknownFunction': '실습 {lab}의 스택에는 {name} 함수가 없습니다. 스택의 함수: {functions}.',
  'logs.none': '최근 {since} 동안 로그를 남긴 함수가 없습니다. API를 호출한 뒤(또는 검사가 실행된 뒤) lab logs를 다시 실행하세요.',
  'logs.following': '{functions}의 새 로그를 기다리는 중입니다(멈추려면 Ctrl+C)…',
}
