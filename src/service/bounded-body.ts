import {
  type ArgumentMetadata,
  BadRequestException,
  ValidationPipe,
  type ValidationPipeOptions,
} from '@nestjs/common';

/** How deep a request body may nest: a job request needs four levels. */
export const MAX_BODY_DEPTH = 32;

/**
 * Whether `value` nests deeper than `limit` objects and arrays, found without recursion, so that
 * a body 20,000 levels deep costs a loop, not the stack.
 */
export function nestsDeeperThan(value: unknown, limit: number): boolean {
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length > 0) {
    const [current, depth] = stack.pop()!;
    if (current === null || typeof current !== 'object') continue;
    if (depth + 1 > limit) return true;
    for (const child of Object.values(current)) stack.push([child, depth + 1]);
  }
  return false;
}

/**
 * The API's validation, with the body's depth checked first: class-transformer and
 * class-validator walk a body by recursion, and a deep one overflowed the stack into a 500.
 */
export class BoundedValidationPipe extends ValidationPipe {
  constructor(options: ValidationPipeOptions) {
    super(options);
  }

  override transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type === 'body' && nestsDeeperThan(value, MAX_BODY_DEPTH))
      throw new BadRequestException(
        `the body nests deeper than ${MAX_BODY_DEPTH} levels of objects and arrays; a job request needs three`,
      );
    return super.transform(value, metadata) as Promise<unknown>;
  }
}
