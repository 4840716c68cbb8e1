import { ExamplesTier } from '../generate/examples-tier';
export const t = ExamplesTier;
