/** Logins, logout and "who am I". */
import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { z } from 'zod';
import type { LoginAnswer } from '../contract/api.ts';
import type { Ctx } from '../context.ts';
import {
  loginJudge,
  loginWithLink,
  loginWithPassword,
  type LoginResult,
} from '../services/login.ts';
import { SESSION_COOKIE } from '../auth/sessions.ts';
import { address } from '../http/client-address.ts';
import { defineRoute, type AnyRoute } from '../http/route.ts';
import { requireUser } from '../domain/access.ts';

function answer(ctx: Ctx, c: Context, r: LoginResult): z.input<typeof LoginAnswer> {
  if (r.kind === 'cookie') {
    setCookie(c, SESSION_COOKIE, r.token, {
      httpOnly: true,
      sameSite: 'Strict',
      secure: ctx.config.secureCookies,
      path: '/',
      maxAge: Math.floor(ctx.config.cookieSessionMs / 1000),
    });
    return { user: r.user };
  }
  return { user: r.user, token: r.token };
}

export function authRoutes(ctx: Ctx): AnyRoute[] {
  return [
    defineRoute({
      method: 'post',
      path: '/api/auth/login',
      summary: 'Sign in as organizer or chief judge',
      tag: 'auth',
      access: 'public',
      handler: async ({ body, c }) =>
        answer(ctx, c, await loginWithPassword(ctx, body, address(c, ctx.config.trustedProxies))),
    }),
    defineRoute({
      method: 'post',
      path: '/api/auth/judge-login',
      summary: 'Sign in as a judge with judge code and PIN',
      tag: 'auth',
      access: 'public',
      handler: async ({ body, c }) =>
        answer(ctx, c, await loginJudge(ctx, body, address(c, ctx.config.trustedProxies))),
    }),
    defineRoute({
      method: 'post',
      path: '/api/auth/link-login',
      summary: 'Sign in with a one-time login link',
      tag: 'auth',
      access: 'public',
      handler: async ({ body, c }) =>
        answer(ctx, c, await loginWithLink(ctx, body, address(c, ctx.config.trustedProxies))),
    }),
    defineRoute({
      method: 'post',
      path: '/api/auth/logout',
      summary: 'Sign out',
      tag: 'auth',
      access: 'signedIn',
      handler: async ({ c }) => {
        const bearer = /^Bearer\s+(\S+)$/i.exec(c.req.header('authorization') ?? '')?.[1];
        const token = bearer ?? getCookie(c, SESSION_COOKIE);
        if (token !== undefined) await ctx.sessions.end(token);
        deleteCookie(c, SESSION_COOKIE, { path: '/' });
        return { ok: true as const };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/auth/me',
      summary: 'Who is signed in',
      tag: 'auth',
      access: 'signedIn',
      handler: ({ actor }) => requireUser(actor),
    }),
  ];
}
