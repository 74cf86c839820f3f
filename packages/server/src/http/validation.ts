import { Ajv } from 'ajv';
import type { ErrorObject, ValidateFunction } from 'ajv';
import type { FastifySchemaCompiler, FastifySchemaValidationError } from 'fastify';

/**
 * Two validators: bodies are taken exactly as typed (a number is not a string, an unknown field is
 * refused, never dropped); query strings and path parameters arrive as text and are coerced.
 */
const bodyAjv = new Ajv({
  coerceTypes: false,
  removeAdditional: false,
  useDefaults: false,
  allErrors: false,
});
const textAjv = new Ajv({ coerceTypes: true, removeAdditional: false, useDefaults: true, allErrors: false });

export const validatorCompiler: FastifySchemaCompiler<unknown> = ({ schema, httpPart }) =>
  httpPart === 'body' ? bodyAjv.compile(schema as object) : finiteOnly(textAjv.compile(schema as object));

interface Validator {
  (data: unknown): boolean;
  errors: ErrorObject[] | null;
}

/**
 * Ajv coerces '1e400' to Infinity and then skips minimum and maximum for it: refuse any number
 * that is not finite after coercion (query strings and parameters are flat objects).
 */
function finiteOnly(validate: ValidateFunction): Validator {
  const wrapped: Validator = Object.assign((data: unknown): boolean => check(data), {
    errors: null as ErrorObject[] | null,
  });
  const check = (data: unknown): boolean => {
    const ok = validate(data);
    wrapped.errors = validate.errors ?? null;
    if (!ok || typeof data !== 'object' || data === null) return ok;
    for (const [key, value] of Object.entries(data)) {
      if (typeof value === 'number' && !Number.isFinite(value)) {
        wrapped.errors = [
          {
            instancePath: `/${key}`,
            schemaPath: '',
            keyword: 'type',
            params: {},
            message: 'must be a finite number',
          },
        ];
        return false;
      }
    }
    return true;
  };
  return wrapped;
}

/** One readable sentence for the first problem, naming the field. */
export function schemaErrorFormatter(errors: FastifySchemaValidationError[], dataVar: string): Error {
  const first = errors[0] as ErrorObject | undefined;
  if (!first) return new Error(`${dataVar} is invalid`);
  const where = `${dataVar}${first.instancePath.replaceAll('/', '.')}`;
  const params = first.params as Record<string, unknown>;
  switch (first.keyword) {
    case 'additionalProperties':
      return new Error(`${where} has an unknown field "${String(params['additionalProperty'])}"`);
    case 'required':
      return new Error(`${where} needs "${String(params['missingProperty'])}"`);
    case 'enum':
      return new Error(
        `${where} must be one of ${(params['allowedValues'] as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`,
      );
    default:
      return new Error(`${where} ${first.message ?? 'is invalid'}`);
  }
}
