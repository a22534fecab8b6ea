// An entry that pulls a node builtin: bundling it for the browser must fail (verify-browser.e2e-spec.ts).
import { createHash } from 'node:crypto';

export const digest = createHash('sha256').update('x').digest('hex');
