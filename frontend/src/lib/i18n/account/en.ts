import type { AccountKey } from './de';

export const enAccount: Record<AccountKey, string> = {};
