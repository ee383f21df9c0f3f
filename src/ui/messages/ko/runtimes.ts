/** @module Korean strings for `runtimes.*` (the local interpreters Lambda functions run on), typed from the English file. AWS terms as in the glossary (Lambda 함수, 런타임, 배포). */
import type { Translation } from '../../i18n.js'
import type { runtimeMessages } from '../en/runtimes.js'

export const runtimeMessagesKo: Translation<typeof runtimeMessages> = {
  'runtimes.older':
    '참고: 이 컴퓨터에서는 {functions} 함수({runtime})가 {runtime}이(가) 아닌 {local}에서 실행됩니다. 최신 언어 기능을 쓰는 코드는 여기서 실패해도 AWS에서는 동작할 수 있습니다. 로컬에서도 {runtime}(으)로 실행하려면 해당 버전을 설치한 뒤({hint}) 다시 배포하세요.',
  'runtimes.olderOne':
    '참고: 이 컴퓨터에서는 {functions} 함수({runtime})가 {runtime}이(가) 아닌 {local}에서 실행됩니다. 최신 언어 기능을 쓰는 코드는 여기서 실패해도 AWS에서는 동작할 수 있습니다. 로컬에서도 {runtime}(으)로 실행하려면 해당 버전을 설치한 뒤({hint}) 다시 배포하세요.',
  'runtimes.hintPython': '예: `pyenv install {version}` 후 `python{version} -m pip install boto3` 실행. AWS 런타임에는 boto3가 포함되어 있습니다',
  'runtimes.hintNode': '예: `nvm install {version}`, `fnm install {version}` 또는 `volta install node@{version}`',
  'runtimes.doctorTitle': 'Lambda 런타임',
  'runtimes.doctorAllExact': '실습에서 쓰는 모든 런타임이 이 컴퓨터에서 같은 버전으로 실행됩니다 ({runtimes})',
  'runtimes.doctorOlder': '{runtime}이(가) 이 컴퓨터에서는 {local}에서 실행됩니다 ({hint})',
}
