import type { LightMyRequestResponse } from 'fastify';
import { cookiesFrom, csrfFrom, form, type TestApp } from '../../../test/helpers.ts';

/** A browser-like visitor for tests: keeps cookies, reads the CSRF token from the last form. */
export class Visitor {
  jar = '';
  csrf = '';
  constructor(
    private readonly t: TestApp,
    private readonly ip = '127.0.0.1',
  ) {}

  async get(url: string): Promise<LightMyRequestResponse> {
    const res = await this.t.app.inject({
      url,
      headers: this.jar ? { cookie: this.jar } : {},
      remoteAddress: this.ip,
    });
    this.jar = cookiesFrom(res, this.jar);
    const m = /name="_csrf" value="([^"]+)"/.exec(res.body);
    if (m) this.csrf = m[1]!;
    return res;
  }

  /** Posts a form with the CSRF token of the last page seen (or of `page`). */
  async post(
    url: string,
    fields: Record<string, string>,
    page?: LightMyRequestResponse,
  ): Promise<LightMyRequestResponse> {
    const csrf = page ? csrfFrom(page.body) : this.csrf;
    const body = form({ _csrf: csrf, ...fields });
    const res = await this.t.app.inject({
      method: 'POST',
      url,
      payload: body.payload,
      headers: { ...body.headers, ...(this.jar ? { cookie: this.jar } : {}) },
      remoteAddress: this.ip,
    });
    this.jar = cookiesFrom(res, this.jar);
    const m = /name="_csrf" value="([^"]+)"/.exec(res.body);
    if (m) this.csrf = m[1]!;
    return res;
  }

  /** Opens the sign-in page and signs in with an e-mail and password. */
  async signIn(email: string, password: string, locale = 'en'): Promise<LightMyRequestResponse> {
    await this.get(`/${locale}/login`);
    return this.post(`/${locale}/login`, { email, password });
  }
}
