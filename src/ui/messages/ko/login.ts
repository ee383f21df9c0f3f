/** @module Korean strings for `lab login` and the tokens it saves, typed from the English file. */
import type { Translation } from '../../i18n.js'
import type { loginMessages } from '../en/login.js'

export const loginMessagesKo: Translation<typeof loginMessages> = {
  'login.badLabId': '실습 ID로 쓸 수 없는 값입니다: "{lab}"',
  'login.tokens.none': '실습 {lab}에 저장된 토큰이 없습니다.',
  'login.tokens.expired': '실습 {lab}에 저장된 토큰이 {time}에 만료되었습니다.',
  'login.tokens.loginHint': '먼저 로그인하세요: lab login {lab}',
  'login.tokens.corrupt': '{file}에 저장된 토큰을 읽을 수 없습니다.',
  'login.tokens.corruptHint': '파일을 삭제하고 lab login으로 다시 로그인하세요.',
  'login.tokens.newer': '{file} 파일은 더 새로운 버전의 lab이 만들었습니다(형식 {version}). lab을 업데이트하거나, 파일을 삭제하고 다시 로그인하세요.',
}
