/**
 * Korean particles after a value: 은/는, 이/가, 을/를, 과/와 and 으로/로 follow the sound the
 * value ends on when read aloud — a final consonant (받침) takes the first form, a vowel the
 * second, and 으로 becomes 로 after ㄹ too. The catalogue writes the pair after the value,
 * `{strategy}{strategy|은|는}`; `particle` picks the form. Where the sound cannot be told
 * (a symbol) both forms are shown, 은(는), as Korean software does.
 */

/** How a value's reading ends: on a vowel, on ㄹ, or on another final consonant. */
type FinalSound = 'vowel' | 'rieul' | 'consonant';

/** Each digit's reading (일, 이, 삼 …); 0 is read 영, 십, 백, 천 or 만, all with a final consonant. */
const DIGITS: readonly FinalSound[] = ['consonant', 'rieul', 'vowel', 'consonant', 'vowel', 'vowel', 'consonant', 'rieul', 'rieul', 'vowel'];

/** A digit right after a letter, by its English name, as mp3, s3, python3 and ipv6 are read (쓰리, 식스); 원, 세븐, 에잇, 나인 end on a consonant. */
const ENGLISH_DIGITS: readonly FinalSound[] = ['vowel', 'consonant', 'vowel', 'vowel', 'vowel', 'vowel', 'vowel', 'consonant', 'consonant', 'consonant'];

/** A letter and one digit read in English — except after a romanized Korean word of the classroom (과제3, 실습8 read in Korean). */
const ENGLISH_DIGIT = /[a-z](?<!gwaje|silseup|munje|yeje|jucha|chasi|dangye|hoecha)\d$/i;

/** Capital letters read by their names: 엘, 알 end on ㄹ; 엠, 엔 on another consonant; the rest (에이, 비, 씨 …) on a vowel. */
const LETTER_NAMES: Readonly<Record<string, FinalSound>> = { L: 'rieul', R: 'rieul', M: 'consonant', N: 'consonant' };

const HANGUL_FIRST = 0xac00;
const HANGUL_LAST = 0xd7a3;
const RIEUL_FINAL = 8;

/** The form of the pair `withFinal`/`withoutFinal` (은/는, 으로/로 …) that follows `value`. */
export function particle(value: string, withFinal: string, withoutFinal: string): string {
  const sound = finalSound(value);
  if (sound === null) return withFinal === '으로' ? '(으)로' : `${withFinal}(${withoutFinal})`;
  if (withFinal === '으로') return sound === 'consonant' ? withFinal : withoutFinal;
  return sound === 'vowel' ? withoutFinal : withFinal;
}

/**
 * The sound `value` ends on, read as a Korean reader reads it: Hangul by its last syllable,
 * digits by their Korean names (one digit right after a letter by its English name), % as
 * 퍼센트, an abbreviation (capitals at the end: SQL, statusOK), a word with no vowel letter or
 * a single letter by its last letter's name, an English word by its spelling (englishFinal). A trailing parenthesis (a strategy's parameters) is not read.
 * Null when it cannot be told.
 */
export function finalSound(value: string): FinalSound | null {
  const read = value.trim().replace(/(\([^()]*\))+$/, '').replace(/["'`\])}]+$/, '');
  const last = read.at(-1);
  if (last === undefined) return null;
  const code = last.charCodeAt(0);
  if (code >= HANGUL_FIRST && code <= HANGUL_LAST) {
    const final = (code - HANGUL_FIRST) % 28;
    return final === 0 ? 'vowel' : final === RIEUL_FINAL ? 'rieul' : 'consonant';
  }
  if (last >= '0' && last <= '9') return (ENGLISH_DIGIT.test(read) ? ENGLISH_DIGITS : DIGITS)[Number(last)];
  if (last === '%') return 'vowel';
  const word = /[A-Za-z]+$/.exec(read)?.[0];
  if (word === undefined) return null;
  if (word.length === 1 || /[A-Z]{2}$/.test(word) || !/[aeiou]/i.test(word)) return LETTER_NAMES[last.toUpperCase()] ?? 'vowel';
  return englishFinal(word.toLowerCase());
}

/**
 * An English word's last sound as Korean writes the loanword: 스케일, 파일 on ㄹ; 심, 엔진, 락 on
 * another consonant; so do a short vowel before t, p, b (포맷, 스텝, 잡) and, after a
 * consonant, before k, c (백, 퍼블릭, 스펙; 석, 택 as Korean names are spelt; not ok, 오케이),
 * and 앱, 북, 스윕, 딥, 아웃, 그룹, 타입. A long vowel (하트비트, 웨이트, 하이프) and a consonant
 * (리포트, 링크) take 으 and end on a vowel, as 체크 does; a silent b leaves m (썸, 밤). A few
 * common words go against their spelling (허브, 비트, 업비트; 빅, 백, 제이펙, 프라이빗, 트윗, 유럽).
 */
function englishFinal(word: string): FinalSound {
  if (/(l|le)$/.test(word)) return 'rieul';
  if (/(hub|^bit|upbit)$/.test(word)) return 'vowel';
  if (/(m|mb|n|ng|me|ne|(?<!che)ck|(^|[^aeiou])[aeiou][tpb]|[^aeiou][aeiou][kc]|eok|aek|pp|ook|eep|eap|out|group|type|^big|^bag|jpeg|private|tweet|europe)$/.test(word)) return 'consonant';
  return 'vowel';
}
