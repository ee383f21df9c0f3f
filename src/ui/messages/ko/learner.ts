/** @module Korean strings for `learner.*` (which lab, which folder, which URL), typed from the English file. Terms as in the glossary (배포, 스택, 작업 공간). */
import type { Translation } from '../../i18n.js'
import type { learnerMessages } from '../en/learner.js'

export const learnerMessagesKo: Translation<typeof learnerMessages> = {
  'learner.unknown.command': "error: '{word}'은(는) 없는 명령어입니다.",
  'learner.unknown.didYouMean': '이 명령어를 찾으셨나요?',
}
