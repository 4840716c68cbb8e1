import { SetMetadata } from '@nestjs/common';

export const IS_PUBLIC = 'attest:public';

/** A route that answers without an API key (/health, signing in). */
export const Public = () => SetMetadata(IS_PUBLIC, true);
