// German texts of the account screens: the reference for the other languages here.
export const deAccount = {} as const;

export type AccountKey = keyof typeof deAccount;
