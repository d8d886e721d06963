import type { HandoffKey } from './de';

export const ukHandoff: Record<HandoffKey, string> = {};
