/**
 * Zod compiles fast object parsers with `new Function` unless told not to; the webview's CSP forbids
 * eval (no 'unsafe-eval'), and even zod's probe for it is reported as a CSP violation. Imported first by
 * main.tsx, before any schema parses.
 */
import { z } from 'zod';

z.config({ jitless: true });
