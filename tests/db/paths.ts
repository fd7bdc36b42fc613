import { join } from 'node:path';
import { root } from '../../scripts/sql-files.ts';

export const TEMPLATE_DIR = join(root, '.data-test', 'template');
export const SCRATCH_DIR = join(root, '.data-test', 'scratch');
