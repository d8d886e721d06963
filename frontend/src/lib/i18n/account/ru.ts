import type { AccountKey } from './de';

export const ruAccount: Record<AccountKey, string> = {};
