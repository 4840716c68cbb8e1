import {
  Body,
  Controller,
  Delete,
  Get,
  Headers,
  HttpCode,
  Inject,
  Post,
  Req,
  Res,
  UnauthorizedException,
} from '@nestjs/common';
import {
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiProperty,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { IsString, MaxLength, MinLength } from 'class-validator';
import type { Request, Response } from 'express';
import { ProblemView } from '../jobs/job-views';
import type { ServiceConfig } from '../service-config';
import { SERVICE_CONFIG, SESSION_STORE } from '../tokens';
import { keyRefusal, viewerOf } from './api-key.guard';
import { Public } from './public';
import { sessionCookie, sessionId, type SessionStore } from './session';

export class SignInDto {
  @ApiProperty({
    description: 'one of the server’s API keys (ATTEST_API_KEYS or ATTEST_ADMIN_KEYS)',
  })
  @IsString()
  @MinLength(1)
  @MaxLength(512)
  apiKey!: string;
}

export class SessionView {
  @ApiProperty({ description: 'an admin key: every tenant’s jobs, and the queue board' })
  admin!: boolean;
}

/**
 * /v1/session: a browser signs in with an API key and gets an HttpOnly, SameSite=Strict cookie
 * that stands for the key on every route (the page, the event stream, the queue board).
 */
@Controller('v1/session')
export class SessionController {
  constructor(
    @Inject(SERVICE_CONFIG) private readonly config: ServiceConfig,
    @Inject(SESSION_STORE) private readonly sessions: SessionStore,
  ) {}

  private keys(): string[] {
    return [...this.config.apiKeys, ...this.config.adminKeys];
  }

  @Post()
  @Public()
  @ApiCreatedResponse({ type: SessionView, description: 'signed in: Set-Cookie holds the session' })
  @ApiUnauthorizedResponse({ type: ProblemView, description: 'a key the server does not know' })
  async signIn(
    @Body() body: SignInDto,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<SessionView> {
    const authorization = `Bearer ${body.apiKey}`;
    const refused = keyRefusal(this.keys(), authorization);
    if (refused) throw new UnauthorizedException(refused);
    const id = await this.sessions.open(body.apiKey);
    res.setHeader('Set-Cookie', sessionCookie(req, id, this.sessions.ttlSeconds));
    return { admin: viewerOf(this.config, authorization).admin };
  }

  @Get()
  @ApiOkResponse({ type: SessionView, description: 'who is signed in' })
  @ApiUnauthorizedResponse({ type: ProblemView, description: 'nobody: sign in first' })
  whoAmI(@Headers('authorization') authorization?: string): SessionView {
    return { admin: viewerOf(this.config, authorization).admin };
  }

  @Delete()
  @Public()
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'signed out: the session ends and its cookie is cleared' })
  async signOut(@Req() req: Request, @Res({ passthrough: true }) res: Response): Promise<void> {
    const id = sessionId(req);
    if (id) await this.sessions.close(id);
    res.setHeader('Set-Cookie', sessionCookie(req, null, 0));
  }
}
