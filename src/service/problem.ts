import { STATUS_CODES } from 'node:http';
import {
  BadRequestException,
  Catch,
  HttpException,
  Logger,
  type ArgumentsHost,
  type ExceptionFilter,
} from '@nestjs/common';
import type { ValidationError } from 'class-validator';
import type { Request, Response } from 'express';
import { AttestError, type AttestErrorKind } from '../core/attest-error';

/** One field of a request and what is wrong with it. */
export interface FieldProblem {
  /** The field's path in the body or query, such as `options.budgetUsd`. */
  field: string;
  message: string;
}

/** The body of every error the API answers: RFC 9457's problem details. */
export interface ProblemDetails {
  type: 'about:blank';
  title: string;
  status: number;
  /** What went wrong and how to fix it, in one or more sentences. */
  detail: string;
  /** The path that was asked for. */
  instance: string;
  /** For a refused request: each field at fault. */
  errors?: FieldProblem[];
}

export const PROBLEM_TYPE = 'application/problem+json';

/** A request refused for what its fields hold: a 400 that names each field at fault. */
export class InvalidRequest extends BadRequestException {
  constructor(readonly fields: FieldProblem[]) {
    super(fields.map((f) => f.message).join('; '));
  }
}

/**
 * class-validator's errors as fields, each message starting with its field's full path, as
 * Nest's own ValidationPipe words them (`options.budgetUsd must not be less than 0`). The
 * recursion follows the body's nesting, which BoundedValidationPipe has already limited.
 */
export function fieldProblems(errors: ValidationError[], parent = ''): FieldProblem[] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const own = Object.values(error.constraints ?? {}).map((message) => ({
      field,
      message: parent ? `${parent}.${message}` : message,
    }));
    return [...own, ...fieldProblems(error.children ?? [], field)];
  });
}

const STATUS_OF_KIND: Record<AttestErrorKind, number> = {
  input: 400,
  'not-found': 404,
  config: 500,
  environment: 502,
};

/**
 * Every error the API answers, as `application/problem+json`: Nest's HTTP exceptions with their
 * status and message, Attest's own errors by kind, and anything else as a 500 whose details go
 * to the log, never to the client.
 */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly log = new Logger('HTTP');

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<Request>();
    const response = http.getResponse<Response>();
    const problem = this.problemOf(exception, request.originalUrl ?? request.url);
    if (response.headersSent) {
      response.end();
      return;
    }
    response.status(problem.status).type(PROBLEM_TYPE).send(JSON.stringify(problem));
  }

  private problemOf(exception: unknown, instance: string): ProblemDetails {
    const base = (status: number, detail: string): ProblemDetails => ({
      type: 'about:blank',
      title: STATUS_CODES[status] ?? 'Error',
      status,
      detail,
      instance,
    });
    if (exception instanceof InvalidRequest)
      return { ...base(400, exception.message), errors: exception.fields };
    if (exception instanceof HttpException)
      return base(exception.getStatus(), messageOf(exception.getResponse()));
    if (exception instanceof AttestError)
      return base(STATUS_OF_KIND[exception.kind], exception.message);
    // body-parser's own errors (malformed JSON, a body over its limit) carry their status.
    const status = (exception as { status?: unknown } | null)?.status;
    if (typeof status === 'number' && status >= 400 && status < 500)
      return base(status, (exception as Error).message);
    this.log.error(exception instanceof Error ? (exception.stack ?? exception.message) : exception);
    return base(500, 'the service failed on this request; its log has the details');
  }
}

/** The message of a Nest exception's response: its string, or its `message` (one or several). */
function messageOf(response: string | object): string {
  if (typeof response === 'string') return response;
  const message = (response as { message?: unknown }).message;
  if (Array.isArray(message)) return message.map(String).join('; ');
  return typeof message === 'string' ? message : JSON.stringify(response);
}
