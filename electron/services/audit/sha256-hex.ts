import { hash } from 'node:crypto';

// One-shot hashing: a fresh Hash object per line cost more than the SHA-256 itself.
export const sha256Hex = (text: string): string => hash('sha256', text, 'hex');
