import type { HandoffKey } from './de';

export const trHandoff: Record<HandoffKey, string> = {};
