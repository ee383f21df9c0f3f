/**
 * @module Korean for the `loop.*` keys (and the English texts of other areas that learner-loop changed), kept here
 * until `src/ui/messages/ko/` lands; move it there then. A test checks it holds every key of `en/loop.ts`.
 */
export const loopMessagesKo: Record<string, string> = {
  'loop.watch.fellBack': '파일 감시가 실패했습니다({message}). 대신 폴링으로 감시합니다(저장한 내용은 1초 안에 반영됩니다).',
  'loop.watch.pollFailed': '폴링 감시도 실패했습니다({message}). 저장을 놓칠 수 있으니 Enter를 눌러 직접 다시 배포하세요.',
  'loop.path.missing': '`lab` 명령이 아직 PATH에 없어서 위에 나온 명령을 그대로 실행할 수 없습니다. {dir}에서 `npm link`를 한 번 실행하면(README 참고) 어느 폴더에서나 `lab …`을 쓸 수 있습니다.',
  'loop.path.other': 'PATH에서 `lab`이라는 다른 프로그램이 먼저 잡혀서 위의 명령이 그 프로그램을 실행하게 됩니다. {dir}에서 `npm link`를 한 번 실행하고, npm 전역 bin 폴더(`npm prefix -g`/bin)를 PATH에서 그보다 앞에 두세요.',
  'loop.teardown.logGroups': '함수와 API가 스택 밖에 만든 로그 그룹 {count}개를 삭제했습니다: {names}',
}
