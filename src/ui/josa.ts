/**
 * @module Korean particles after a filled-in value. A Korean template cannot know whether `{stack}` ends in a
 * consonant, so it writes both forms, `{stack}은(는)`, and `josa()` keeps the one the value needs (`스택은`,
 * `apigw-lab-350은`, `cors는`), as a Korean writer would; the docs' machine-translated `을(를)` never reaches
 * the learner.
 */

/** Both-forms markers and the form to keep: [marker, after a final consonant, after a vowel]. */
const MARKERS: [string, string, string][] = [
  ['은(는)', '은', '는'],
  ['이(가)', '이', '가'],
  ['을(를)', '을', '를'],
  ['과(와)', '과', '와'],
  ['(이)라는', '이라는', '라는'],
  ['(이)라고', '이라고', '라고'],
  ['(이)나', '이나', '나'],
]

type Ending = 'vowel' | 'consonant' | 'rieul'

/** Digits as read aloud: 영 일 이 삼 사 오 육 칠 팔 구. */
const DIGITS: Ending[] = ['consonant', 'rieul', 'vowel', 'consonant', 'vowel', 'vowel', 'consonant', 'rieul', 'rieul', 'vowel']

/** How the text ends when read aloud (closing quotes, brackets and slashes are not read). */
export function ending(text: string): Ending {
  const trimmed = text.replace(/[\s'"`)\]}>/.,:;!?*-]+$/u, '')
  const last = trimmed.at(-1)
  if (!last) return 'vowel'
  const code = last.charCodeAt(0)
  if (code >= 0xac00 && code <= 0xd7a3) {
    const final = (code - 0xac00) % 28
    return final === 0 ? 'vowel' : final === 8 ? 'rieul' : 'consonant'
  }
  if (/[0-9]/.test(last)) return DIGITS[Number(last)]
  if (/[A-Z]/.test(last) && !/[a-z]/.test(trimmed.slice(-3))) {
    // An acronym is read letter by letter: 엘, 엠, 엔, 알 end in a consonant.
    return last === 'L' || last === 'R' ? 'rieul' : last === 'M' || last === 'N' ? 'consonant' : 'vowel'
  }
  const word = trimmed.toLowerCase()
  if (word.endsWith('l')) return 'rieul' // yaml, html, url
  if (/(m|n|ng|k|t|p|b|ck)$/.test(word)) return 'consonant' // stream, json, stack, bucket, lab
  return 'vowel' // cors, folder, app.py, api
}

/** Replace every both-forms marker with the form the preceding text needs. */
export function josa(text: string): string {
  if (!text.includes('(')) return text
  let result = text
  for (const [marker, afterConsonant, afterVowel] of MARKERS) {
    let at = result.indexOf(marker)
    while (at !== -1) {
      const end = ending(result.slice(0, at))
      const form = end === 'vowel' ? afterVowel : afterConsonant
      result = result.slice(0, at) + form + result.slice(at + marker.length)
      at = result.indexOf(marker, at + form.length)
    }
  }
  // (으)로: 으로 after a consonant other than ㄹ; 로 after a vowel or ㄹ.
  return result.replace(/\(으\)로/g, (_m, offset: number, whole: string) => (ending(whole.slice(0, offset)) === 'consonant' ? '으로' : '로'))
}
