import type { AccountKey } from './de';

export const ukAccount: Record<AccountKey, string> = {};
