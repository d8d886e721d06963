import type { AccountKey } from './de';

export const trAccount: Record<AccountKey, string> = {};
