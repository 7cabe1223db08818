import { ArgumentMetadata, Type, ValidationError, ValidationPipe } from '@nestjs/common';
import { FieldError, ValidationFailedError } from '../errors/domain-error';

/** The one validation policy: unknown fields are errors, and every failure is a 400 problem naming the fields. */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    exceptionFactory: (errors) => new ValidationFailedError(flattenValidationErrors(errors)),
  });
}

const pipe = createValidationPipe();

/** Validates a plain object the way @Body() would (for bodies that do not come through body-parser). */
export async function validateBody<T>(metatype: Type<T>, value: unknown): Promise<T> {
  const meta: ArgumentMetadata = { type: 'body', metatype, data: undefined };
  return (await pipe.transform(value, meta)) as T;
}

function flattenValidationErrors(errors: ValidationError[], parent = ''): FieldError[] {
  return errors.flatMap((e) => {
    const field = parent ? `${parent}.${e.property}` : e.property;
    const own = Object.values(e.constraints ?? {}).map((message) => ({ field, message }));
    return [...own, ...flattenValidationErrors(e.children ?? [], field)];
  });
}
