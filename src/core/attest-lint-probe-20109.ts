import { Git } from '../acquire/git';
export const g = Git;
