import type { HandoffKey } from './de';

export const arHandoff: Record<HandoffKey, string> = {};
