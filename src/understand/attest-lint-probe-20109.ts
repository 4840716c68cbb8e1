import { startService } from '../service/main';
export const s = startService;
