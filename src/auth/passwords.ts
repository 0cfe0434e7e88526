import { hash, verify } from '@node-rs/argon2';
import langCommon from '@zxcvbn-ts/language-common';

/**
 * argon2id with the library defaults m=19456 KiB, t=2, p=1 — the OWASP minimum. Passwords are
 * never logged: they exist only in the request body and in these two calls.
 */
const OPTIONS = { memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

export function hashPassword(password: string): Promise<string> {
  return hash(password, OPTIONS);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

let dummyHash: Promise<string> | null = null;
/** Spends the same time as a real verify when there is no account, so timing does not reveal which part was wrong. */
export async function verifyAgainstDummy(password: string): Promise<false> {
  dummyHash ??= hashPassword('kervan-dummy-password-for-timing');
  await verifyPassword(await dummyHash, password);
  return false;
}

const COMMON = new Set<string>([
  ...(langCommon.dictionary['passwords-common'] as string[]).map((p) => p.toLowerCase()),
  // Frequent Turkish choices missing from the English-centric list.
  'sifre123456', 'şifre123456', 'parola123456', 'galatasaray1905', 'fenerbahce1907', 'besiktas1903', 'trabzonspor1967',
  'istanbul34istanbul', 'ankara06ankara', 'turkiye123456', 'türkiye123456', 'qwertyuıopğü', 'asdfghjklşi',
]);

export const MIN_PASSWORD_LENGTH = 12;
export const MAX_PASSWORD_LENGTH = 256;

export type PasswordProblem = 'too_short' | 'too_long' | 'common' | 'contains_identity';

/** The password rule in one place: 12–256 characters, not a known common password, not the e-mail. */
export function checkPassword(password: string, identity: { email?: string; name?: string } = {}): PasswordProblem | null {
  if ([...password].length < MIN_PASSWORD_LENGTH) return 'too_short';
  if (password.length > MAX_PASSWORD_LENGTH) return 'too_long';
  const lower = password.toLocaleLowerCase('tr');
  if (COMMON.has(lower) || COMMON.has(password.toLowerCase())) return 'common';
  const local = identity.email?.split('@')[0]?.toLowerCase();
  if (local && local.length >= 4 && lower.includes(local)) return 'contains_identity';
  return null;
}
