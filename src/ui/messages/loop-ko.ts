/**
 * @module Korean for the `loop.*` keys (and the English texts of other areas that learner-loop changed), kept here
 * until `src/ui/messages/ko/` lands; move it there then. A test checks it holds every key of `en/loop.ts`.
 */
export const loopMessagesKo: Record<string, string> = {
  'loop.watch.fellBack': '파일 감시가 실패했습니다({message}). 대신 폴링으로 감시합니다(저장한 내용은 1초 안에 반영됩니다).',
  'loop.watch.pollFailed': '폴링 감시도 실패했습니다({message}). 저장을 놓칠 수 있으니 Enter를 눌러 직접 다시 배포하세요.',
}
