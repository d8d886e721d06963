// German texts of the handoff screens: the reference for the other languages here.
export const deHandoff = {} as const;

export type HandoffKey = keyof typeof deHandoff;
