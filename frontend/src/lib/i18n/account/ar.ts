import type { AccountKey } from './de';

export const arAccount: Record<AccountKey, string> = {};
