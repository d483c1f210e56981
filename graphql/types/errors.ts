import { ErrorCode } from '../../domain/errors.js';
import { builder, CertiflowError } from '../builder.js';

export const ErrorCodeEnum = builder.enumType('ErrorCode', {
  values: Object.fromEntries(Object.values(ErrorCode).map((code) => [code, { value: code }])) as Record<
    ErrorCode,
    { value: ErrorCode }
  >,
});

export const ErrorInterface = builder.interfaceRef<Error>('Error').implement({
  fields: (t) => ({ message: t.exposeString('message') }),
});

builder.objectType(CertiflowError, {
  name: 'CertiflowError',
  description: 'An error the caller can act on: the code says what, the path says which input.',
  interfaces: [ErrorInterface],
  isTypeOf: (value) => value instanceof CertiflowError,
  fields: (t) => ({
    code: t.field({ type: ErrorCodeEnum, resolve: (error) => error.code }),
    path: t.exposeString('path', { nullable: true }),
  }),
});

/** Unwraps a service result for a resolver; a domain error becomes the typed union member. */
export function unwrap<T>(result: { ok: true; value: T } | { ok: false; error: import('../../domain/errors.js').DomainError }): T {
  if (!result.ok) throw new CertiflowError(result.error);
  return result.value;
}
