/**
 * Everyday rewordings of one question (handwritten, two per PAWS-X language): a small non-adversarial
 * check for scripts/eval-cache.ts, since PAWS-X only measures near-verbatim word swaps.
 */

/** Pairs of texts that ask the same thing in other words. */
export const EVERYDAY_REWORDINGS: ReadonlyArray<readonly [string, string]> = [
  ['How do I reset my password?', 'How can I reset my password?'],
  ['What is the capital of France?', "What's the capital city of France?"],
  ['Wie setze ich mein Passwort zurück?', 'Wie kann ich mein Passwort zurücksetzen?'],
  ['Was ist die Hauptstadt von Frankreich?', 'Wie heißt die Hauptstadt von Frankreich?'],
  ['¿Cómo restablezco mi contraseña?', '¿Cómo puedo restablecer mi contraseña?'],
  ['¿Cuál es la capital de Francia?', '¿Cuál es la ciudad capital de Francia?'],
  ['Comment réinitialiser mon mot de passe ?', 'Comment puis-je réinitialiser mon mot de passe ?'],
  ['Quelle est la capitale de la France ?', 'Quelle ville est la capitale de la France ?'],
  ['パスワードをリセットする方法は？', 'パスワードをリセットするにはどうすればいいですか？'],
  ['フランスの首都はどこですか？', 'フランスの首都はどこ？'],
  ['비밀번호를 재설정하는 방법은?', '비밀번호를 어떻게 재설정하나요?'],
  ['프랑스의 수도는 어디인가요?', '프랑스 수도가 어디예요?'],
  ['如何重置我的密码？', '我怎样才能重置我的密码？'],
  ['法国的首都是哪里？', '法国首都是哪个城市？'],
];
