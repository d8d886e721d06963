import type { HandoffKey } from './de';

export const enHandoff: Record<HandoffKey, string> = {};
