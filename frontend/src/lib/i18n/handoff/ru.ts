import type { HandoffKey } from './de';

export const ruHandoff: Record<HandoffKey, string> = {};
