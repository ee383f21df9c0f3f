/**
 * @module Korean for the strings sec-isolation added to `src/ui/messages/en/cli.ts` (doctor: state privacy and
 * sandbox isolation). `src/ui/messages/ko/` did not exist on this branch yet: move these into `ko/cli.ts` when
 * merging with the Korean catalogue.
 */
export const koSecIsolationMessages: Record<string, string> = {
  'cli.doctor.state': '로컬 클라우드 상태',
  'cli.doctor.statePrivate': '비공개: {dir} (0700, 다른 사용자에게 열린 파일 없음)',
  'cli.doctor.stateMissing': '아직 만들어지지 않음 ({dir}). 만들어질 때 비공개로 만들어집니다',
  'cli.doctor.stateOpen': '다른 사용자가 읽을 수 있음: {paths}. `lab cloud start`를 실행하면 다시 비공개로 바뀝니다 (또는 chmod -R go-rwx {dir})',
  'cli.doctor.sandbox': '함수 샌드박스',
  'cli.doctor.sandboxNamespace': '샌드박스마다 고유한 PID 네임스페이스 (함수가 다른 프로세스를 보거나 시그널을 보낼 수 없음)',
  'cli.doctor.sandboxGroup': '프로세스 그룹만 사용 ({reason}): 함수가 같은 사용자의 프로세스를 볼 수 있습니다',
}
